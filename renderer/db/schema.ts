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
  {
    // Derived data (db/derived.ts), maintained in the messages' own transactions:
    // conversation summaries and resolved names (reading), media items and their download state.
    version: 2,
    stores: {
      conversations: ['[corpId+convId]', '[corpId+lastMsgtime]', '[corpId+kind+lastMsgtime]'].join(', '),
      directory: ['[corpId+kind+id]', '[corpId+kind]'].join(', '),
      media: ['[corpId+sdkfileid]', '[corpId+msgid]', '[corpId+state]', 'sha256'].join(', '),
    },
  },
  {
    // Full-text search (renderer/search/indexStore.ts), maintained in the messages' transactions.
    // Messages stored before this version are indexed afterwards by the search worker (backfill).
    version: 3,
    stores: {
      searchState: 'key',
      searchDocs: 'id',
      searchTexts: 'id',
      searchSegments: 'id',
      searchPostings: '[bucket+gen]',
    },
    upgrade: async (transaction) => {
      if ((await transaction.table('messages').count()) > 0)
        await transaction.table('searchState').put({ key: 'backfill', before: Date.now(), done: false });
    },
  },
];
