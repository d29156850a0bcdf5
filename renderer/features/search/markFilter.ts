import type { ArchiveDb } from '../../db';
import type { SearchFilters } from '../../search/protocol';
import { markTables, messageKey, type Marks, type MessageRef } from '../review';
import type { FilterForm } from './searchFilterForm';

/** The reviewer-mark part of the search form (issue 11): flag, tag, chat review state, note. */
export interface MarkFilter {
  flag: FilterForm['flag'];
  tag: string;
  reviewState: FilterForm['reviewState'];
  noteText: string;
  hasNote: boolean;
}

/** The form's mark filters, or null when it sets none. */
export function toMarkFilter(form: FilterForm): MarkFilter | null {
  const filter: MarkFilter = {
    flag: form.flag,
    tag: form.tag.trim(),
    reviewState: form.reviewState,
    noteText: form.noteText.trim(),
    hasNote: form.hasNote,
  };
  const set = filter.flag || filter.tag || filter.reviewState || filter.noteText || filter.hasNote;
  return set ? filter : null;
}

/**
 * What the mark filters allow, read from the marks tables: the engine is asked only inside `convIds`
 * and [fromTime, toTime], and its hits are kept only when their key is in `keys` (null: any message of
 * those chats, for a review-state-only filter). `empty`: nothing can match.
 */
export interface MarkRestriction {
  keys: ReadonlySet<string> | null;
  convIds: string[];
  fromTime?: number;
  toTime?: number;
  empty: boolean;
}

export async function resolveMarkFilter(
  db: ArchiveDb,
  marks: Pick<Marks, 'notesMatching'>,
  filter: MarkFilter,
  filters: SearchFilters,
): Promise<MarkRestriction> {
  const tables = markTables(db);
  const inCorps = (corpId: string) => !filters.corpIds?.length || filters.corpIds.includes(corpId);
  const sets: MessageRef[][] = [];
  if (filter.flag) {
    const rows =
      filter.flag === 'any'
        ? await tables.flags.toArray()
        : await tables.flags.where('severity').equals(filter.flag).toArray();
    sets.push(rows);
  }
  if (filter.tag) sets.push(await tables.tags.where('tag').equals(filter.tag).toArray());
  if (filter.noteText || filter.hasNote) {
    sets.push(await marks.notesMatching(filter.noteText, filters.corpIds?.length ? filters.corpIds : null));
  }

  let refs: MessageRef[] | null = null;
  for (const set of sets) {
    const present: Set<string> | null =
      refs === null ? null : new Set(refs.map((ref) => messageKey(ref.corpId, ref.msgid)));
    refs = set.filter(
      (ref) => inCorps(ref.corpId) && (present === null || present.has(messageKey(ref.corpId, ref.msgid))),
    );
  }

  let convs: Set<string> | null = refs === null ? null : new Set(refs.map((ref) => ref.convId));
  if (filter.reviewState) {
    const inState = await chatsInState(db, filter.reviewState, inCorps);
    convs = convs === null ? inState : new Set([...convs].filter((convId) => inState.has(convId)));
  }
  if (filters.convIds?.length) {
    const asked = new Set(filters.convIds);
    convs = new Set([...(convs ?? asked)].filter((convId) => asked.has(convId)));
  }
  const convIds = [...(convs ?? [])];
  if (refs !== null) {
    const kept = refs.filter((ref) => convs === null || convs.has(ref.convId));
    const times = kept.map((ref) => ref.msgtime);
    return {
      keys: new Set(kept.map((ref) => messageKey(ref.corpId, ref.msgid))),
      convIds,
      ...(times.length > 0 ? { fromTime: Math.min(...times), toTime: Math.max(...times) } : {}),
      empty: kept.length === 0,
    };
  }
  return { keys: null, convIds, empty: convIds.length === 0 };
}

/** Every chat whose review state is `state` (unreviewed: every chat without another state). */
async function chatsInState(
  db: ArchiveDb,
  state: NonNullable<MarkFilter['reviewState']>,
  inCorps: (corpId: string) => boolean,
): Promise<Set<string>> {
  const rows = await markTables(db).reviewStates.toArray();
  if (state !== 'unreviewed') {
    return new Set(rows.filter((row) => row.state === state && inCorps(row.corpId)).map((row) => row.convId));
  }
  const marked = new Set(
    rows.filter((row) => row.state !== 'unreviewed').map((row) => `${row.corpId}\u0000${row.convId}`),
  );
  const all = await db.conversations.toArray();
  return new Set(
    all
      .filter((row) => inCorps(row.corpId) && !marked.has(`${row.corpId}\u0000${row.convId}`))
      .map((row) => row.convId),
  );
}

/** The engine's filters narrowed to what the restriction allows. */
export function restrictFilters(filters: SearchFilters, restriction: MarkRestriction): SearchFilters {
  const narrowed: SearchFilters = { ...filters, convIds: restriction.convIds };
  if (restriction.fromTime !== undefined)
    narrowed.fromTime = Math.max(filters.fromTime ?? -Infinity, restriction.fromTime);
  if (restriction.toTime !== undefined)
    narrowed.toTime = Math.min(filters.toTime ?? Infinity, restriction.toTime);
  return narrowed;
}
