import type { JsonValue } from '../../../main/common/audit/auditChain';
import type { ArchiveDb } from '../../db';
import type { AuditTrail } from '../audit';
import type { ReviewerIdentity } from '../reviewer';
import {
  markTables,
  TAG_COLOURS,
  type FlagRow,
  type MarkTables,
  type MessageRef,
  type ReviewState,
  type ReviewStateRow,
  type SealedText,
  type Severity,
  type TagDef,
} from './markTables';

/**
 * Seals note text at rest and opens it again, bound to the message it is about (the app passes
 * `archiveNoteSealer`, over db/sealed.ts; tests an in-memory one).
 */
export interface NoteSealer {
  seal(ref: NoteKey, text: string): Promise<SealedText>;
  open(ref: NoteKey, sealed: SealedText): Promise<string>;
}

export type NoteKey = Pick<MessageRef, 'corpId' | 'msgid'>;

export interface MarksDeps {
  db: ArchiveDb;
  auditTrail: Pick<AuditTrail, 'append'>;
  reviewer: Pick<ReviewerIdentity, 'reviewer'>;
  sealer: NoteSealer;
  now?: () => number;
}

export const TAG_MAX = 40;
export const NOTE_MAX = 20_000;

/** A tag as stored: trimmed, inner whitespace collapsed, at most TAG_MAX characters; '' when empty. */
export function normalizeTag(tag: string): string {
  return [...tag.trim().replace(/\s+/g, ' ')].slice(0, TAG_MAX).join('');
}

/** A colour for a new tag, stable per name. */
export function defaultTagColour(name: string): string {
  let h = 0;
  for (const char of name) h = (h * 31 + (char.codePointAt(0) ?? 0)) % 9973;
  return TAG_COLOURS[h % TAG_COLOURS.length] ?? TAG_COLOURS[0];
}

const target = (ref: MessageRef): { [key: string]: JsonValue } => ({
  corpId: ref.corpId,
  convId: ref.convId,
  msgid: ref.msgid,
});

/** What the trail records of a note: its revision and length, never its text (notes are sealed at rest). */
const noteView = (revision: number, text: string): JsonValue => ({ revision, chars: [...text].length });

export interface NoteRevision {
  revision: number;
  text: string;
  at: number;
  by: string;
}

/**
 * Flags, tags, notes and review states (issue 11). Every change is written to the marks tables, then
 * appended to the audit trail with its before and after; nothing here writes a message row.
 */
export class Marks {
  private readonly tables: MarkTables;
  private readonly now: () => number;

  constructor(private readonly deps: MarksDeps) {
    this.tables = markTables(deps.db);
    this.now = deps.now ?? Date.now;
  }

  private by(): string {
    return this.deps.reviewer.reviewer?.name ?? '';
  }

  /** Flags each message with `severity`, changes a different severity, or (null) removes the flag. */
  async setFlag(refs: readonly MessageRef[], severity: Severity | null): Promise<void> {
    const { flags } = this.tables;
    const at = this.now();
    const by = this.by();
    const changes: { ref: MessageRef; before: FlagRow | undefined }[] = [];
    await this.deps.db.transaction('rw', flags, async () => {
      const existing = await flags.bulkGet(refs.map((ref) => [ref.corpId, ref.msgid] as [string, string]));
      refs.forEach((ref, i) => {
        const before = existing[i];
        if ((before?.severity ?? null) !== severity) changes.push({ ref, before });
      });
      if (severity === null) {
        await flags.bulkDelete(changes.map(({ ref }) => [ref.corpId, ref.msgid] as [string, string]));
      } else {
        await flags.bulkPut(
          changes.map(({ ref }) => ({ ...messageRefOf(ref), severity, at, by }) satisfies FlagRow),
        );
      }
    });
    for (const { ref, before } of changes) {
      const action = !before ? 'mark.added' : severity === null ? 'mark.removed' : 'mark.changed';
      await this.deps.auditTrail.append(
        action,
        { ...target(ref), mark: 'flag' },
        {
          ...(before ? { before: { severity: before.severity } } : {}),
          ...(severity !== null ? { after: { severity } } : {}),
        },
      );
    }
  }

  /** `f`: flags the messages (medium) unless all of them are flagged already, then removes the flags. */
  async toggleFlag(refs: readonly MessageRef[]): Promise<void> {
    const existing = await this.tables.flags.bulkGet(
      refs.map((ref) => [ref.corpId, ref.msgid] as [string, string]),
    );
    const allFlagged = existing.every((row) => row !== undefined);
    if (allFlagged) await this.setFlag(refs, null);
    else
      await this.setFlag(
        refs.filter((_, i) => existing[i] === undefined),
        'medium',
      );
  }

  /**
   * `Shift+F`: the next severity (unflagged → medium → high → low → medium…), from the first message's,
   * for all of them.
   */
  async cycleSeverity(refs: readonly MessageRef[]): Promise<Severity | null> {
    const first = refs[0];
    if (!first) return null;
    const current = (await this.tables.flags.get([first.corpId, first.msgid]))?.severity;
    const next: Severity = current === 'medium' ? 'high' : current === 'high' ? 'low' : 'medium';
    await this.setFlag(refs, next);
    return next;
  }

  /** Adds `tag` (defining it with a colour on first use) to each message that does not have it yet. */
  async addTag(refs: readonly MessageRef[], rawTag: string, colour?: string): Promise<string | null> {
    const tag = normalizeTag(rawTag);
    if (!tag) return null;
    const { tags, tagDefs } = this.tables;
    const at = this.now();
    const by = this.by();
    let added: MessageRef[] = [];
    let defined: TagDef | null = null;
    await this.deps.db.transaction('rw', tags, tagDefs, async () => {
      if (!(await tagDefs.get(tag))) {
        defined = { name: tag, colour: colour ?? defaultTagColour(tag), createdAt: at };
        await tagDefs.put(defined);
      }
      const existing = await tags.bulkGet(
        refs.map((ref) => [ref.corpId, ref.msgid, tag] as [string, string, string]),
      );
      added = refs.filter((_, i) => existing[i] === undefined);
      await tags.bulkPut(added.map((ref) => ({ ...messageRefOf(ref), tag, at, by })));
    });
    if (defined) {
      const { name, colour: definedColour } = defined as TagDef;
      await this.deps.auditTrail.append('tag.changed', { tag: name }, { after: { colour: definedColour } });
    }
    for (const ref of added)
      await this.deps.auditTrail.append('mark.added', { ...target(ref), mark: 'tag' }, { after: { tag } });
    return tag;
  }

  async removeTag(refs: readonly MessageRef[], tag: string): Promise<void> {
    const { tags } = this.tables;
    let removed: MessageRef[] = [];
    await this.deps.db.transaction('rw', tags, async () => {
      const keys = refs.map((ref) => [ref.corpId, ref.msgid, tag] as [string, string, string]);
      const existing = await tags.bulkGet(keys);
      removed = refs.filter((_, i) => existing[i] !== undefined);
      await tags.bulkDelete(keys);
    });
    for (const ref of removed)
      await this.deps.auditTrail.append('mark.removed', { ...target(ref), mark: 'tag' }, { before: { tag } });
  }

  async setTagColour(name: string, colour: string): Promise<void> {
    const before = await this.tables.tagDefs.get(name);
    if (!before || before.colour === colour) return;
    await this.tables.tagDefs.put({ ...before, colour });
    await this.deps.auditTrail.append(
      'tag.changed',
      { tag: name },
      { before: { colour: before.colour }, after: { colour } },
    );
  }

  /** Every tag defined, by name (autocomplete and filters). */
  tagDefs(): Promise<TagDef[]> {
    return this.tables.tagDefs.orderBy('name').toArray();
  }

  /** The message's note, opened; null without one. */
  async readNote(ref: Pick<MessageRef, 'corpId' | 'msgid'>): Promise<NoteRevision | null> {
    const row = await this.tables.notes.get([ref.corpId, ref.msgid]);
    if (!row) return null;
    return {
      revision: row.revision,
      text: await this.deps.sealer.open(row, row.sealed),
      at: row.at,
      by: row.by,
    };
  }

  /** Every earlier text of the note, newest first, opened. */
  async noteHistory(ref: Pick<MessageRef, 'corpId' | 'msgid'>): Promise<NoteRevision[]> {
    const rows = await this.tables.noteHistory
      .where('[corpId+msgid]')
      .equals([ref.corpId, ref.msgid])
      .toArray();
    rows.sort((a, b) => b.revision - a.revision);
    return Promise.all(
      rows.map(async (row) => ({
        revision: row.revision,
        text: await this.deps.sealer.open(row, row.sealed),
        at: row.at,
        by: row.by,
      })),
    );
  }

  /**
   * Writes the note's new text (sealed); the text it replaces is kept in its history. An empty text
   * removes the note (its last text stays in the history). Answers the new revision (0: removed).
   */
  async saveNote(ref: MessageRef, rawText: string): Promise<number> {
    const text = rawText.replace(/\s+$/u, '').slice(0, NOTE_MAX);
    const { notes, noteHistory } = this.tables;
    const before = await this.readNote(ref);
    if ((before?.text ?? '') === text) return before?.revision ?? 0;
    const at = this.now();
    const by = this.by();
    const sealed = text ? await this.deps.sealer.seal(ref, text) : null;
    const previous = await notes.get([ref.corpId, ref.msgid]);
    const revision = text ? (previous?.revision ?? 0) + 1 : 0;
    await this.deps.db.transaction('rw', notes, noteHistory, async () => {
      if (previous) {
        await noteHistory.add({
          corpId: ref.corpId,
          msgid: ref.msgid,
          revision: previous.revision,
          sealed: previous.sealed,
          at: previous.at,
          by: previous.by,
        });
      }
      if (sealed === null) await notes.delete([ref.corpId, ref.msgid]);
      else await notes.put({ ...messageRefOf(ref), sealed, revision, at, by });
    });
    await this.deps.auditTrail.append(
      'note.edited',
      { ...target(ref), mark: 'note' },
      {
        ...(before ? { before: noteView(before.revision, before.text) } : {}),
        ...(text ? { after: noteView(revision, text) } : {}),
      },
    );
    return revision;
  }

  /**
   * Every message whose note contains `needle` (case-insensitive), opened in memory only (search's
   * note filter). Answers message keys (`messageKey`).
   */
  async notesMatching(needle: string, corpIds: readonly string[] | null): Promise<MessageRef[]> {
    const lower = needle.trim().toLowerCase();
    const rows = await this.tables.notes.toArray();
    const found: MessageRef[] = [];
    for (const row of rows) {
      if (corpIds && !corpIds.includes(row.corpId)) continue;
      const text = await this.deps.sealer.open(row, row.sealed);
      if (!lower || text.toLowerCase().includes(lower)) found.push(messageRefOf(row));
    }
    return found;
  }

  /** Sets a chat's review state; `reviewed` carries the message it is reviewed up to. */
  async setReviewState(
    corpId: string,
    convId: string,
    state: ReviewState,
    upTo?: { msgid: string; msgtime: number },
  ): Promise<void> {
    const { reviewStates } = this.tables;
    const before = await reviewStates.get([corpId, convId]);
    const next: ReviewStateRow = {
      corpId,
      convId,
      state,
      ...(state === 'reviewed' && upTo ? { upTo: { msgid: upTo.msgid, msgtime: upTo.msgtime } } : {}),
      at: this.now(),
      by: this.by(),
    };
    const view = (row: ReviewStateRow | undefined): JsonValue =>
      row ? { state: row.state, ...(row.upTo ? { upTo: row.upTo.msgid } : {}) } : { state: 'unreviewed' };
    if (JSON.stringify(view(before)) === JSON.stringify(view(next))) return;
    if (state === 'unreviewed') await reviewStates.delete([corpId, convId]);
    else await reviewStates.put(next);
    await this.deps.auditTrail.append(
      'review.state-changed',
      { corpId, convId },
      { before: view(before), after: view(next) },
    );
  }
}

function messageRefOf(ref: MessageRef): MessageRef {
  return { corpId: ref.corpId, msgid: ref.msgid, convId: ref.convId, msgtime: ref.msgtime };
}
