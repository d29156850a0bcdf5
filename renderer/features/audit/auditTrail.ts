import Dexie from 'dexie';
import type { Table } from 'dexie';
import type { ArchiveApi, AuditHeadDto } from '../../../main/contract';
import {
  sealEntry,
  verifyChain,
  type AuditEntry,
  type AuditVerification,
  type JsonValue,
} from '../../../main/common/audit/auditChain';
import type { ArchiveDb } from '../../db';
import type { ReviewerIdentity } from '../reviewer';

/**
 * Every action the trail records today (docs/audit-trail.md). Marks, cases, people and the app lock
 * add theirs here and append the same way.
 */
export const AUDIT_ACTIONS = [
  'reviewer.changed',
  'conversation.viewed',
  'search.performed',
  'key.imported',
  'key.removed',
  'corp.saved',
  'corp.removed',
  'pull.started',
  'pull.continued-after-gap',
  'trail.exported',
  // Marks and cases (features/review, features/cases).
  'mark.added',
  'mark.changed',
  'mark.removed',
  'tag.changed',
  'note.edited',
  'review.state-changed',
  'case.created',
  'case.changed',
  'case.item-added',
  'case.item-removed',
  // Lexicon rules and alert triage (features/rules, features/alerts; issue 12).
  'rule.saved',
  'rule.deleted',
  'rules.imported',
  'alert.dismissed',
  'alert.escalated',
  'alert.reopened',
  'alert.added-to-case',
  // Evidence export (features/export; issue 13): the export's own entry, last in its bundle's audit.jsonl.
  'evidence.exported',
  // People and the app lock (features/people, features/lock; issue 11).
  'person.viewed',
  'directory.imported',
  'app.locked',
  'app.unlocked',
  'lock.passphrase-set',
  'lock.passphrase-removed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The reviewer recorded before anyone named themselves on this profile. */
export const UNNAMED_REVIEWER = '';

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const UTF8 = new TextEncoder();

/** SHA-256 (hex) of the UTF-8 bytes of `text` through WebCrypto. */
export async function webCryptoSha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', UTF8.encode(text)));
  let hex = '';
  for (const byte of digest) hex += HEX[byte];
  return hex;
}

export function auditTable(db: ArchiveDb): Table<AuditEntry, number> {
  return db.table<AuditEntry, number>('auditTrail');
}

export interface AuditVerifyReport extends AuditVerification {
  /** What main recorded (null: nothing yet, or main could not be asked). */
  head: AuditHeadDto | null;
  /** Why main's head could not be read, when it could not (the check then ran without it). */
  headError: string | null;
  /** The whole check, reading the trail from IndexedDB included. */
  ms: number;
  /** The chain check alone (canonical forms, hashes, links), without the read. */
  chainMs: number;
}

export interface AuditTrailDeps {
  db: ArchiveDb;
  archive: Pick<ArchiveApi, 'recordAuditHead' | 'getAuditHead'>;
  reviewer: Pick<ReviewerIdentity, 'reviewer'>;
  log: (message: string, detail?: unknown) => void;
  now?: () => number;
  sha256?: (text: string) => Promise<string>;
}

/**
 * The audit trail (issue 11): append-only. Entries are sealed onto the chain one at a time (a queue;
 * another tab's append is met by the primary key and retried on the new last entry), then main records
 * the new head in its data folder. There is no update and no delete.
 */
export class AuditTrail {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private readonly sha256: (text: string) => Promise<string>;

  constructor(private readonly deps: AuditTrailDeps) {
    this.now = deps.now ?? Date.now;
    this.sha256 = deps.sha256 ?? webCryptoSha256;
  }

  /**
   * Appends one entry. Never throws: a failure is logged and answers null, so an action is never
   * held up by its trail entry.
   */
  append(
    action: AuditAction,
    target: { [key: string]: JsonValue },
    change: { before?: JsonValue; after?: JsonValue } = {},
  ): Promise<AuditEntry | null> {
    const reviewer = this.deps.reviewer.reviewer ?? { name: UNNAMED_REVIEWER };
    const fields = { time: this.now(), reviewer, action, target, ...change };
    const appended = this.queue.then(() => this.seal(fields));
    this.queue = appended.catch(() => undefined);
    return appended.then(
      async (entry) => {
        const answer = await this.deps.archive
          .recordAuditHead({ seq: entry.seq, hash: entry.hash })
          .catch((error: unknown) => ({ ok: false as const, error: { message: String(error) } }));
        if (!answer.ok) this.deps.log('audit head not recorded by main', { seq: entry.seq, ...answer.error });
        return entry;
      },
      (error: unknown) => {
        this.deps.log('audit entry not appended', { action, error: (error as Error).message });
        return null;
      },
    );
  }

  /** Resolves once every append asked for so far is stored. */
  async flushed(): Promise<void> {
    await this.queue;
  }

  private async seal(fields: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>): Promise<AuditEntry> {
    const table = auditTable(this.deps.db);
    for (let attempt = 0; ; attempt += 1) {
      const last = (await table.orderBy('seq').last()) ?? null;
      const entry = await sealEntry(last, fields, this.sha256);
      try {
        await table.add(entry);
        return entry;
      } catch (error) {
        // Another tab took this seq first: seal again onto its entry.
        if (!(error instanceof Dexie.ConstraintError) || attempt >= 5) throw error;
      }
    }
  }

  /** Verifies the whole stored trail against main's head; reports the first broken link. */
  async verify(): Promise<AuditVerifyReport> {
    const started = performance.now();
    const [entries, headAnswer] = await Promise.all([
      auditTable(this.deps.db).orderBy('seq').toArray(),
      this.deps.archive.getAuditHead({}).catch((error: unknown) => ({
        ok: false as const,
        error: { message: String(error) },
      })),
    ]);
    const head = headAnswer.ok ? headAnswer.value : null;
    const read = performance.now();
    // Large chunks: WebCrypto digests run concurrently off the main thread; fewer round trips.
    const report = await verifyChain(entries, head, this.sha256, 16_384);
    const done = performance.now();
    return {
      ...report,
      head,
      headError: headAnswer.ok ? null : headAnswer.error.message,
      ms: done - started,
      chainMs: done - read,
    };
  }
}
