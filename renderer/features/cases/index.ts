/** Cases (issue 11): named investigations holding messages and chats; what other features use. */
export { Cases, caseTables, CASE_STATUSES, CASE_NAME_MAX } from './cases';
export type { CaseItemInput, CaseItemKind, CaseItemRow, CaseRow, CaseStatus } from './cases';
export { AddToCaseDialog } from './AddToCaseDialog';
export { CasesScreen } from './CasesScreen';
