export { LedgerScreen } from './LedgerScreen';
export { LedgerRecorder } from './ledgerRecorder';
export { ledgerReport, messagesPerDay, decryptOutcomes, corpGaps } from './ledgerQueries';
export type { LedgerReport, DayCount } from './ledgerQueries';
export { exportLedger, ledgerCsv, sha256Hex } from './ledgerExport';
export { ledgerTables, UNKNOWN_REVIEWER } from './ledgerRows';
export type { LedgerGapRow, LedgerRunRow, ErrorLogRow, RunTrigger } from './ledgerRows';
