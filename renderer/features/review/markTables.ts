import type { Table } from 'dexie';
import type { ArchiveDb } from '../../db';

/**
 * The reviewer's marks (issue 11), in their own tables of schema version 6 (db/schema.ts): never in
 * the message rows that a re-pull or re-decryption rewrites. Every row names its message by
 * [corpId+msgid] and keeps the chat and time it had, so lists and filters need no message read.
 */
export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const REVIEW_STATES = ['unreviewed', 'in-review', 'reviewed', 'escalated', 'closed'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** A message a mark is about: its key and where it sits (chat, time). */
export interface MessageRef {
  corpId: string;
  msgid: string;
  convId: string;
  msgtime: number;
}

interface Authored {
  /** When it was set (ms) and by which reviewer (name). */
  at: number;
  by: string;
}

export interface FlagRow extends MessageRef, Authored {
  severity: Severity;
}

export interface TagRow extends MessageRef, Authored {
  tag: string;
}

/** A tag's colour; every tag used has one (autocomplete lists these). */
export interface TagDef {
  name: string;
  colour: string;
  createdAt: number;
}

/** Note text as sealed at rest (NoteSealer); opaque to this module. */
export type SealedText = unknown;

export interface NoteRow extends MessageRef, Authored {
  sealed: SealedText;
  /** 1 for the first text; each edit adds one and keeps the text it replaced in noteHistory. */
  revision: number;
}

export interface NoteRevisionRow extends Authored {
  id?: number;
  corpId: string;
  msgid: string;
  revision: number;
  sealed: SealedText;
}

export interface ReviewStateRow extends Authored {
  corpId: string;
  convId: string;
  state: ReviewState;
  /** `reviewed`: the last message reviewed (the chat is reviewed up to and including it). */
  upTo?: { msgid: string; msgtime: number };
}

export interface MarkTables {
  flags: Table<FlagRow, [string, string]>;
  tags: Table<TagRow, [string, string, string]>;
  tagDefs: Table<TagDef, string>;
  notes: Table<NoteRow, [string, string]>;
  noteHistory: Table<NoteRevisionRow, number>;
  reviewStates: Table<ReviewStateRow, [string, string]>;
}

export function markTables(db: ArchiveDb): MarkTables {
  return {
    flags: db.table('markFlags'),
    tags: db.table('markTags'),
    tagDefs: db.table('tagDefs'),
    notes: db.table('markNotes'),
    noteHistory: db.table('noteHistory'),
    reviewStates: db.table('reviewStates'),
  };
}

/** The key a message is known by in maps and sets: corp and msgid. */
export const messageKey = (corpId: string, msgid: string): string => `${corpId}\u0000${msgid}`;

/** Colours offered for tags (readable on both light and dark backgrounds). */
export const TAG_COLOURS = [
  '#2563eb',
  '#16a34a',
  '#d97706',
  '#dc2626',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#4b5563',
] as const;
