export { AuditScreen } from './AuditScreen';
export { AuditTrail, AUDIT_ACTIONS, auditTable, webCryptoSha256 } from './auditTrail';
export type { AuditAction, AuditVerifyReport } from './auditTrail';
export { exportAuditTrail, CANONICAL_FORM_STATEMENT } from './auditExport';
export { corpAuditView } from './auditViews';
