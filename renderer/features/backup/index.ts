/** Settings → Back up and restore (issue 13, docs/backup.md). */
export { BackupSection } from './BackupSection';
