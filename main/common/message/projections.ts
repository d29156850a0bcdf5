import type { Message, MediaRef } from './model';
import { projections } from './registry';

/**
 * The projections of a read message that the rest of the app uses (search text, media items,
 * conversation previews, quote matching). Each is the registry's per-kind declaration, recursing
 * through mixed and chatrecord items.
 */

/** Every visible text field, trimmed, each separately, in reading order. */
export function searchFieldsOf(message: Message): string[] {
  const out: string[] = [];
  for (const field of projections.searchFields(message.body)) {
    const trimmed = field.trim();
    if (trimmed !== '') out.push(trimmed);
  }
  return out;
}

/**
 * Separates fields in the search text. Not whitespace, so normalisation keeps it; the index makes no
 * gram across it and no query term contains it, so a phrase never matches across two fields.
 */
export const FIELD_SEPARATOR = '\u001f';

/** The search text: the fields joined by FIELD_SEPARATOR (a separator inside a field becomes a space). */
export function searchTextOf(message: Message): string {
  let text = '';
  for (const field of projections.searchFields(message.body)) {
    const trimmed = field.trim();
    if (trimmed === '') continue;
    const clean = trimmed.includes(FIELD_SEPARATOR) ? trimmed.replaceAll(FIELD_SEPARATOR, ' ') : trimmed;
    text = text === '' ? clean : `${text}${FIELD_SEPARATOR}${clean}`;
  }
  return text;
}

/** Every downloadable item, in document order (nested items included). */
export function mediaRefsOf(message: Message): MediaRef[] {
  return projections.mediaRefs(message.body);
}

/** One line for the conversation list; '' when the message has no text (the UI shows its type). */
export function previewOf(message: Message): string {
  return projections.preview(message.body);
}

/** The text a quote of this message would carry (a quote's reply part for quotes); '' if none. */
export function quotableTextOf(message: Message): string {
  return projections.quotableText(message.body);
}
