/** Evidence export and Verify a bundle (issue 13); what other features and the app use. */
export {
  ExportCaseButton,
  ExportConversationButton,
  ExportMessagesButton,
  ExportPersonButton,
  ExportRuleAlertsButton,
  ExportSearchButton,
} from './ExportButtons';
export { SignerKeySection } from './SignerKeySection';
export { VerifyBundleScreen } from './VerifyBundleScreen';
