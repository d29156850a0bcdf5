import Dexie from 'dexie';
import type { Table, Transaction } from 'dexie';
import type { HasDataKey } from './sealed';
import { listChatsToCount } from './chatDays';
import { listProblemsOfStoredMessages } from './messageProblems';
import { splitLegacyMediaRows } from './mediaStore';
import { SEALED_TABLES } from './sealedTables';

/**
 * Every schema version the archive has had, oldest first (docs/style.md §10). A version is never edited
 * once released: a change is a new entry with its `upgrade` step, and old steps stay so an old
 * profile upgrades through all of them. Dexie only needs the indexes, not every stored field.
 */
export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (transaction: Transaction) => Promise<void>;
}

/*
 * Who reads each `messages` index (checked by grep over renderer/ and test/, issues 10 and 16). Every
 * index costs an entry per message on every ingest and re-decryption — on disk ~60 µs of Chromium's CPU
 * per message each (docs/ARCHITECTURE.md §9.1) — so version 14 keeps only the four below and answers
 * the rest from tables written far less often:
 *
 * | index                          | queries that use it                                                        |
 * | ------------------------------ | -------------------------------------------------------------------------- |
 * | [corpId+msgid] (primary key)   | get/bulkGet: db/ingest.ts commitBatch, db/redecrypt.ts, reading timeline   |
 * |                                | jump (timelineQueries.ts), DetailPanels, RawMessageView; `:id` keyset of   |
 * |                                | the search backfill (search/searchIndex.ts backfillStep)                   |
 * | [corpId+seqKey]                | db/archiveQueries.ts messagesPage (LatestMessages keyset paging),          |
 * |                                | corpOverview first/last seq, statusCounts total without a cursor row;      |
 * |                                | reading/conversations rebuildConversationsIfMissing chunks; the search     |
 * |                                | engine's scan before its index is warm (newest pulled first)               |
 * | [corpId+convId+msgtime]        | reading/timeline/timelineQueries.ts: every timeline page, tie-break and    |
 * |                                | jump-to-message query; db/chatDays.ts counts its keys per chat and day and |
 * |                                | lists the chats (one seek each); "has the corp a decrypted message"        |
 * | [corpId+msgtype]               | archiveQueries.ts corpOverview (counts per msgtype), media/mediaRows.ts    |
 * |                                | backfillMediaRows (media-bearing messages of a corp)                       |
 *
 * Dropped in version 14: `[corpId+status]` and `[corpId+status+publickeyVer]` (only the non-`ok` rows
 * were ever asked for: db/messageProblems.ts holds those), `[corpId+convId]` (chats are counted in the
 * derived `conversations` table and listed through `[corpId+convId+msgtime]`), `msgtime` (a corp's
 * oldest and newest message come from the conversations' `[corpId+firstMsgtime]` and
 * `[corpId+lastMsgtime]`).
 */
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
  {
    // The completeness ledger (features/ledger): pull runs, gaps after 10010 and the persistent error
    // log. Written next to the messages, never derived from them, so they survive re-pull and re-decrypt.
    version: 4,
    stores: {
      ledgerRuns: ['++id', '[corpId+startedAt]'].join(', '),
      ledgerGaps: ['++id', '[corpId+recordedAt]'].join(', '),
      errorLog: ['++id', 'at', '[corpId+at]'].join(', '),
    },
  },
  {
    // The reviewers' audit trail (features/audit, docs/audit-trail.md): hash-chained entries keyed by
    // their seq, appended only, never derived from messages, so they survive re-pull and re-decrypt.
    version: 5,
    stores: {
      auditTrail: ['seq', 'time', 'action', 'reviewer.name'].join(', '),
    },
  },
  {
    // Reviewers' marks and cases (features/review, features/cases): flags, tags, notes (sealed) with their
    // history, per-conversation review state, cases and their items. Keyed by [corpId+msgid] / [corpId+convId],
    // never stored in message rows, so re-pull and re-decryption leave them untouched.
    version: 6,
    stores: {
      markFlags: ['[corpId+msgid]', '[corpId+convId]', 'severity'].join(', '),
      markTags: ['[corpId+msgid+tag]', '[corpId+msgid]', '[corpId+convId]', 'tag'].join(', '),
      tagDefs: 'name',
      markNotes: ['[corpId+msgid]', '[corpId+convId]'].join(', '),
      noteHistory: ['++id', '[corpId+msgid]'].join(', '),
      reviewStates: ['[corpId+convId]', 'state'].join(', '),
      cases: ['id', 'updatedAt'].join(', '),
      caseItems: ['[caseId+corpId+kind+ref]', 'caseId', '[corpId+ref]'].join(', '),
    },
  },
  {
    // Encryption at rest (docs/security.md §8): existing rows of the sealed tables (db/sealedTables.ts)
    // are written again, which seals them. The search index is dropped and rebuilt by the worker's
    // backfill: its texts of before this version joined fields by "\n" where the model now separates
    // them with U+001F (main/common/message), and the rebuilt blocks are written sealed.
    version: 7,
    stores: {},
    upgrade: sealExistingRows,
  },
  {
    // People (features/people, issue 11): the staff directory a reviewer imports (CSV/XLSX, userid → name →
    // department), one row per corp and userid, and every name an id was known by with first/last seen.
    // Reviewer-supplied, never derived from messages: re-pull and re-decryption leave both untouched.
    version: 8,
    stores: {
      staffDirectory: '[corpId+userid]',
      personNames: ['++id', '[corpId+userid]'].join(', '),
    },
  },
  {
    // Lexicon rules and their alerts (renderer/rules, features/rules, features/alerts; issue 12): the
    // officers' rules, one alert row per matched message ([corpId+msgid], several reasons) with its
    // triage state, and the rules worker's progress over the search index's blocks. Never derived into
    // message rows: re-pull and re-decryption leave rules and triage untouched.
    version: 9,
    stores: {
      rules: ['id', 'updatedAt'].join(', '),
      alerts: ['[corpId+msgid]', 'status', '*ruleIds', '[corpId+convId]', 'from', 'msgtime'].join(', '),
      rulesState: 'key',
    },
  },
  {
    // Search texts one sealed record per page of 16 documents instead of per block of 1,024
    // (search/indexStore.ts, search/textPages.ts): a hit or a rule candidate opens its page, not its
    // block. The search index is dropped and rebuilt by the worker's backfill, written in pages. Block
    // numbers go on from where they were, so the rules worker checks the rebuilt blocks again (its
    // alerts merge by message, triage kept).
    version: 10,
    stores: {},
    upgrade: rebuildSearchIndex,
  },
  {
    // Each rule's digests of its alerts, sharded (rules/alertDigests.ts): a retroactive run compares
    // against them instead of opening every alert. A cache of the alerts, written in their transactions;
    // empty after this upgrade, it is built from the alerts at a rule's next run (their counts disagree).
    version: 11,
    stores: {
      alertDigests: '[ruleId+shard]',
    },
  },
  {
    // Messages per chat and day (db/chatDays.ts): a position index over [corpId+convId+msgtime], so the
    // timeline reaches any position of a long chat without skipping index entries. Kept by every
    // messages write; the chats already stored are listed here and counted in the background.
    version: 12,
    stores: {
      chatDays: '[corpId+convId+day]',
      chatDaysPending: '[corpId+convId]',
    },
    upgrade: listChatsToCount,
  },
  {
    // Fewer index entries per message (issue 16, docs/ARCHITECTURE.md §9.1), step 1 of 2: the messages
    // that are not decrypted get a table of their own (db/messageProblems.ts), filled here from the
    // status index's keys before version 14 drops it; the chats get their first message time indexed,
    // which answers an overview's "oldest message" in one seek instead of the `msgtime` index.
    version: 13,
    stores: {
      messageProblems: ['[corpId+msgid]', '[corpId+status+publickeyVer]'].join(', '),
      conversations: [
        '[corpId+convId]',
        '[corpId+lastMsgtime]',
        '[corpId+kind+lastMsgtime]',
        '[corpId+firstMsgtime]',
      ].join(', '),
    },
    upgrade: listProblemsOfStoredMessages,
  },
  {
    // Step 2 of 2: `messages` keeps the four indexes its queries need (the table above). Each of the
    // four dropped put an entry for every message on every write, ~60 µs of Chromium's CPU per
    // message on disk. Deleting their entries costs once, here: ~65 s for a million messages.
    version: 14,
    stores: {
      messages: ['[corpId+msgid]', '[corpId+seqKey]', '[corpId+convId+msgtime]', '[corpId+msgtype]'].join(
        ', ',
      ),
    },
  },
  {
    // The search worker's filter columns of 64 consecutive docs blocks in one record
    // (search/docRuns.ts): warming a 3,000,000-message index reads ~46 records instead of ~2,930
    // (docs/ARCHITECTURE.md §9.2). A cache of `searchDocs`, empty after this upgrade and built by the
    // worker's maintenance; nothing else reads it.
    version: 15,
    stores: {
      searchDocRuns: 'id',
    },
  },
  {
    // Media items apart from their download state (db/mediaStore.ts, docs/ARCHITECTURE.md §9.4), step 1
    // of 2: the items a pull stores go into one record per batch, in pull order, found by a multiEntry
    // index of short hashes; only items main has reported on get a state row. A row per item keyed by
    // its long random sdkfileid, with two more scattered index entries, was ~370 µs of Chromium's CPU
    // per media message and grew with the archive. The `media` rows are split into both here.
    version: 16,
    stores: {
      mediaItems: ['[corpId+page]', '*fileKeys'].join(', '),
      mediaStates: ['[corpId+sdkfileid]', '[corpId+state]'].join(', '),
      mediaTally: 'corpId',
    },
    upgrade: splitLegacyMediaRows,
  },
  {
    // Step 2 of 2: the `media` store goes (Dexie reads a store in the upgrade of the version that
    // still declares it, so the copy above and the drop are two versions).
    version: 17,
    stores: {
      media: null,
    },
  },
];

/** Rows read and re-written per step of the v7 upgrade. */
const SEAL_CHUNK = 500;
/** How long the v7 upgrade waits for main to hand over the data key. */
const KEY_WAIT_MS = 10 * 60_000;

async function resealTable(table: Table): Promise<number> {
  let done = 0;
  let after: unknown;
  for (;;) {
    const range = after === undefined ? table.toCollection() : table.where(':id').above(after);
    const keys = await range.limit(SEAL_CHUNK).primaryKeys();
    if (keys.length === 0) return done;
    const rows = (await table.bulkGet(keys)).filter((row) => row !== undefined);
    // The sealing middleware (db/sealedTables.ts) seals each row on its way down.
    await table.bulkPut(rows);
    done += rows.length;
    after = keys.at(-1);
  }
}

const SEARCH_RECORDS = ['searchDocs', 'searchTexts', 'searchSegments', 'searchPostings'];

/** Drops the search index's records and, when messages exist, has the search worker index them again (backfill). */
async function rebuildSearchIndex(transaction: Transaction): Promise<void> {
  const hadMessages = (await transaction.table('messages').count()) > 0;
  for (const name of SEARCH_RECORDS) await transaction.table(name).clear();
  // The runs cache the docs blocks just cleared (a store of a later version: absent in older upgrades).
  try {
    await transaction.table('searchDocRuns').clear();
  } catch {
    // not created yet
  }
  const state = transaction.table('searchState');
  await state.delete('backfill');
  if (hadMessages) await state.put({ key: 'backfill', before: Date.now(), done: false });
}

async function sealExistingRows(transaction: Transaction): Promise<void> {
  await rebuildSearchIndex(transaction);

  const keys = (transaction.db as unknown as HasDataKey).dataKey;
  if (!keys) return;
  await Dexie.waitFor(keys.ready(), KEY_WAIT_MS);
  for (const name of Object.keys(SEALED_TABLES)) {
    if (SEARCH_RECORDS.includes(name)) continue;
    let table: Table;
    try {
      table = transaction.table(name);
    } catch {
      continue; // a table of a later version: its rows are written sealed from the start
    }
    await resealTable(table);
  }
}
