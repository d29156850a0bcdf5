import { KNOWN_MSGTYPES } from '../../../main/common/message';
import { zonedDayRange } from '../../lib/timeZone';
import type { SearchFilters } from '../../search/protocol';
import { EMPTY_SEARCH_FORM } from '../../state';
import type { SearchFilterForm, SearchScope } from '../../state';

/** The form lives in the store (searchSlice) so it survives closing the panel. */
export type FilterForm = SearchFilterForm;
export const EMPTY_FORM = EMPTY_SEARCH_FORM;

/**
 * The type filter's choices: every msgtype the one message model reads (its registry), each named
 * by the reader's labels (i18n/messageLabels.ts, zh-CN and en).
 */
export const FILTER_MSGTYPES: readonly string[] = KNOWN_MSGTYPES;

/** The engine's filters from the form, the in-chat scope and the app's time zone (date range). */
export function toSearchFilters(
  form: FilterForm,
  scope: SearchScope | null,
  timeZone: string,
): SearchFilters {
  const filters: SearchFilters = {};
  const chat = scope ?? (form.chat ? { corpId: form.chat.corpId, convId: form.chat.id } : null);
  const corpId = chat?.corpId ?? form.corpId;
  if (corpId) filters.corpIds = [corpId];
  if (chat) filters.convIds = [chat.convId];
  if (form.sender) filters.sender = form.sender;
  if (form.people.length > 0) filters.senders = [...new Set(form.people.map((person) => person.id))];
  if (form.msgtype) filters.msgtypes = [form.msgtype];
  if (form.hasMedia) filters.hasMedia = true;
  const from = zonedDayRange(form.fromDate, timeZone);
  const to = zonedDayRange(form.toDate, timeZone);
  if (from) filters.fromTime = from.start;
  if (to) filters.toTime = to.end;
  return filters;
}

/** True when the form asks for anything beyond the defaults (the panel's "clear filters"). */
export function hasFormFilters(form: FilterForm): boolean {
  return JSON.stringify(form) !== JSON.stringify(EMPTY_FORM);
}
