import type { Transaction } from 'dexie';

/**
 * Every schema version the archive has had, oldest first (STYLE.md §10). A version is never edited
 * once released: a change is a new entry with its `upgrade` step, and old steps stay so an old
 * profile upgrades through all of them. Dexie only needs the indexes, not every stored field.
 */
export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (transaction: Transaction) => Promise<void>;
}

export const schemaVersions: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      messages: [
        '[corpId+msgid]',
        '[corpId+seqKey]',
        '[corpId+convId+msgtime]',
        '[corpId+convId]',
        '[corpId+status]',
        '[corpId+status+publickeyVer]',
        '[corpId+msgtype]',
        'msgtime',
      ].join(', '),
      cursors: 'corpId',
    },
  },
];
