import type { MessageHeaderDto } from '../../main/contract';

/**
 * The conversation a message belongs to, as one indexable string:
 * - group chat: `g:<roomid>`;
 * - single chat: `s:<a>|<b>` with the two parties sorted, so both directions share one id;
 * - switch records and anything without a counterpart: `sys:<user>` (docs/wecom-sdk.md §4.1: a switch record
 *   carries `user` instead of `from`; main puts it into `header.from`).
 */
export function conversationId(
  header: Pick<MessageHeaderDto, 'action' | 'msgtype' | 'from' | 'tolist' | 'roomid'>,
): string {
  if (header.action === 'switch' || header.msgtype === 'switch') return `sys:${header.from}`;
  if (header.roomid) return `g:${header.roomid}`;
  const peer = header.tolist[0];
  if (peer === undefined) return `sys:${header.from}`;
  return `s:${[header.from, peer].sort().join('|')}`;
}

export type ConversationKind = 'group' | 'single' | 'system';

export function conversationKind(convId: string): ConversationKind {
  if (convId.startsWith('g:')) return 'group';
  if (convId.startsWith('s:')) return 'single';
  return 'system';
}

/** The part after the kind prefix, for display until names are resolved (next issue). */
export function conversationLabel(convId: string): string {
  return convId.replace(/^(g|s|sys):/, '').replace('|', ' ↔ ');
}
