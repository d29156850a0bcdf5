import type { SearchFilters } from '../../search/protocol';
import type { SearchScope } from '../../state';

/** The filter controls' values as the form holds them (strings from inputs). */
export interface FilterForm {
  corpId: string;
  sender: '' | 'internal' | 'external';
  msgtype: string;
  hasMedia: boolean;
  /** `YYYY-MM-DD` in local time, or ''. */
  fromDate: string;
  toDate: string;
}

export const EMPTY_FORM: FilterForm = {
  corpId: '',
  sender: '',
  msgtype: '',
  hasMedia: false,
  fromDate: '',
  toDate: '',
};

export const FILTER_MSGTYPES = [
  'text',
  'file',
  'image',
  'voice',
  'video',
  'link',
  'chatrecord',
  'mixed',
  'weapp',
  'location',
  'card',
  'markdown',
  'news',
] as const;

function localDay(date: string, endOfDay: boolean): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return endOfDay ? day.getTime() + 86_400_000 - 1 : day.getTime();
}

/** The engine's filters from the form and the in-chat scope. */
export function toSearchFilters(form: FilterForm, scope: SearchScope | null): SearchFilters {
  const filters: SearchFilters = {};
  const corpId = scope?.corpId ?? form.corpId;
  if (corpId) filters.corpIds = [corpId];
  if (scope) filters.convIds = [scope.convId];
  if (form.sender) filters.sender = form.sender;
  if (form.msgtype) filters.msgtypes = [form.msgtype];
  if (form.hasMedia) filters.hasMedia = true;
  const fromTime = localDay(form.fromDate, false);
  const toTime = localDay(form.toDate, true);
  if (fromTime !== undefined) filters.fromTime = fromTime;
  if (toTime !== undefined) filters.toTime = toTime;
  return filters;
}
