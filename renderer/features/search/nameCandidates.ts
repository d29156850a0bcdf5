import { normalizeText } from '../../search/normalize';
import type { PickedName } from '../../state';
import type { ConversationRow, Directory } from '../reading';
import { conversationTitle } from '../reading';

/** A name the person or chat filter can offer: what is picked, plus the text it is matched by. */
export interface NameCandidate extends PickedName {
  /** The id when it differs from the label (shown small, beside the name). */
  detail: string;
  /** Normalised label and id, for matching what is typed. */
  haystack: string;
}

export interface NameCandidates {
  people: NameCandidate[];
  chats: NameCandidate[];
}

/**
 * People and chats of one corp, named the way the chat list names them: people by the directory
 * cache (the id when unresolved), chats by `conversationTitle`. People are everyone seen in a chat
 * (senders first: they are the ones a sender filter can find).
 */
export function nameCandidates(
  corpId: string,
  conversations: readonly ConversationRow[],
  directory: Directory,
): NameCandidates {
  const seen = new Map<string, number>();
  for (const conversation of conversations) {
    for (const [id, count] of Object.entries(conversation.senders)) seen.set(id, (seen.get(id) ?? 0) + count);
    for (const id of conversation.participants) if (!seen.has(id)) seen.set(id, 0);
  }
  const candidate = (id: string, label: string): NameCandidate => ({
    corpId,
    id,
    label,
    detail: label === id ? '' : id,
    haystack: normalizeText(`${label}\n${id}`),
  });
  const people = [...seen]
    .filter(([id]) => id !== '')
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([id]) => candidate(id, directory.nameOf(id)));
  const chats = [...conversations]
    .sort((a, b) => b.lastMsgtime - a.lastMsgtime)
    .map((conversation) => candidate(conversation.convId, conversationTitle(conversation, directory)));
  return { people, chats };
}

/** Candidates whose name or id contains what was typed (case- and width-folded), best first. */
export function matchCandidates(
  candidates: readonly NameCandidate[],
  typed: string,
  exclude: readonly PickedName[] = [],
  limit = 8,
): NameCandidate[] {
  const needle = normalizeText(typed);
  const taken = new Set(exclude.map((picked) => `${picked.corpId}\u0000${picked.id}`));
  const found: NameCandidate[] = [];
  const later: NameCandidate[] = [];
  for (const candidate of candidates) {
    if (taken.has(`${candidate.corpId}\u0000${candidate.id}`)) continue;
    const at = candidate.haystack.indexOf(needle);
    if (at < 0) continue;
    // Names that start with what was typed come first.
    (at === 0 ? found : later).push(candidate);
    if (found.length >= limit) break;
  }
  return [...found, ...later].slice(0, limit);
}
