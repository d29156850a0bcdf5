import type { backupZhCN } from './backup.zh-CN';

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** English backup and restore strings (issue 13, docs/backup.md), typed against the zh-CN ones. */
export const backupEn: Strings<typeof backupZhCN> = {
  title: 'Back up and restore',
  intro:
    'A backup writes the whole archive — every table, the media store and the non-secret settings — to one folder with manifest.json, SHA256SUMS and a signature. Message texts stay encrypted and the data key is wrapped under the backup passphrase: without it the backup cannot be restored.',
  folder: {
    title: 'Data folder',
    location: 'Location',
    database: 'Archive database (IndexedDB estimate)',
    media: 'Media store',
    mediaFiles: '{{count}} files',
    total: 'Total',
    persisted: 'Persistent storage',
    granted: 'Granted (the browser will not evict the archive)',
    notGranted: 'Not granted (the browser may evict the archive when space runs low)',
    unknown: 'Unknown',
    refresh: 'Refresh',
  },
  backup: {
    title: 'Back up',
    parent: 'Folder to save the backup in (absolute path; empty: backups in the data folder)',
    passphrase: 'Backup passphrase (at least 10 characters, needed to restore; the app does not keep it)',
    confirm: 'Backup passphrase again',
    includeSecrets:
      'Include secrets (corp secrets, proxy credentials, private keys and the signing key), encrypted with the backup passphrase only',
    secretsWarning: 'When ticked, anyone who knows the backup passphrase can obtain these secrets.',
    start: 'Back up',
    cancel: 'Cancel',
    rows: 'Backing up table {{table}}',
    media: 'Copying media files',
    finishing: 'Writing manifest, checksums and signature',
    done: 'Backup complete',
    doneFacts: '{{rows}} rows, {{media}} media files, {{files}} files in all',
    cancelled: 'The backup was cancelled and its unfinished folder removed.',
    tooShort: 'The backup passphrase needs at least 10 characters.',
    mismatch: 'The two passphrases differ.',
    failed: 'The backup failed: {{message}}',
    signer: 'Signing key fingerprint',
    manifestHash: 'Manifest hash (manifestHash)',
  },
  restore: {
    title: 'Restore',
    folder: 'Backup folder (absolute path)',
    passphrase: 'Backup passphrase',
    verify: 'Verify and restore',
    verifying: 'Verifying the whole backup…',
    refused: 'The backup did not verify; nothing was changed:',
    verified:
      'The backup verified: {{rows}} rows, {{media}} media files, made {{createdAt}}, signed by {{fingerprint}}.',
    notEmpty:
      'This profile already holds data. Restoring replaces it (the current media store and settings are moved to replaced-by-restore in the data folder; the tables are emptied). Replace?',
    start: 'Restore',
    replace: 'Replace and restore',
    rows: 'Restoring table {{table}}',
    media: 'Restoring media files',
    finishing: 'Finishing the restore',
    done: 'Restored {{rows}} rows and {{media}} media files. Reloading…',
    restart:
      'Restored {{rows}} rows and {{media}} media files. The previous data was moved to {{movedAside}}. Restart the app to use the restored media store.',
    reload: 'Reload',
    cancelled: 'The restore was cancelled; the tables were emptied.',
    version:
      'The backup’s archive is schema version {{backup}}, this app’s is {{app}}: it cannot be restored.',
    failed: 'The restore failed: {{message}}',
    problem: {
      missing: '{{file}}: missing',
      extra: '{{file}}: an extra file added after the backup',
      altered: '{{file}}: altered (SHA-256 does not match)',
      signature: '{{file}}: the signature does not hold',
      manifest: '{{file}}: the manifest is not valid',
      sums: '{{file}}: the checksums disagree with the manifest',
      unreadable: '{{file}}: cannot be read',
      passphrase: '{{file}}: wrong backup passphrase (or the file was altered)',
      version: '{{file}}: made by a newer version of the app',
    },
    folderItself: 'the folder',
  },
  error: {
    'backup-folder':
      'The folder cannot be created or read there: type an absolute path that exists and is writable.',
    'restore-not-empty':
      'This profile already holds corps or media files; confirm replacing them to restore.',
    'backup-changed': 'A file of the backup changed after it was verified; the restore stopped.',
  },
};
