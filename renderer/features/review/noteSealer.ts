import { open, seal, type HasDataKey, type SealedBlob } from '../../db/sealed';
import type { NoteKey, NoteSealer } from './marks';

/**
 * Note text sealed at rest (encryption at rest, db/sealed.ts) under the archive's data key, each blob bound to its
 * message: a note (or an earlier revision in `noteHistory`) copied onto another message does not
 * open. While the archive is locked, reading or writing a note fails (DataKeyUnavailableError).
 */
export function archiveNoteSealer(db: HasDataKey): NoteSealer {
  const aad = (ref: NoteKey) => JSON.stringify(['markNotes', ref.corpId, ref.msgid]);
  return {
    seal: (ref, text) => seal(db, aad(ref), text),
    open: (ref, sealed) => open<string>(db, aad(ref), sealed as SealedBlob),
  };
}
