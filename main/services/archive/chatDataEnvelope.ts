/**
 * GetChatData's JSON (docs/wecom-sdk.md §3.1). The SDK host parses each page it pulls (`pullPage`);
 * main parses a page itself only when the host died on it and its messages are isolated one by one
 * (pull/poisonIsolation.ts). One parser serves both: a malformed item is returned apart, with its
 * exact text, and does not fail the page.
 */
export {
  parseChatDataPage,
  type MalformedEnvelope,
  type PageEnvelope,
  type ParsedChatDataPage as ChatDataPage,
} from '../../../native/host/chatDataPage';
