import { useCallback, useEffect, useRef, useState } from 'react';
import type { SearchClient } from '../../search/searchClient';
import type { SearchFilters, SearchHit, SearchPage, SearchRequest } from '../../search/protocol';
import { useAppServices } from '../appServices';
import { messageKey } from '../review';
import { resolveMarkFilter, restrictFilters, type MarkFilter } from './markFilter';

export const PAGE_SIZE = 50;
const DEBOUNCE_MS = 180;
/** Engine page size while collecting the hits a mark filter keeps. */
const MARKED_BATCH = 1_000;

export interface SearchResults {
  hits: SearchHit[];
  page: SearchPage | null;
  /** The query and filters (JSON) the shown page answers: lets tests and screen readers tell stale from fresh. */
  answered: { query: string; filters: string; marks: string } | null;
  loading: boolean;
  error: string | null;
  /** Whether the query or filters ask for anything (an empty query with no filter shows nothing). */
  active: boolean;
  loadMore: () => void;
}

function hasFilter(filters: SearchFilters): boolean {
  return Object.values(filters).some(
    (value) => value !== undefined && !(Array.isArray(value) && value.length === 0),
  );
}

/**
 * The engine's answer, through the reviewer's mark filters when any (issue 11): the engine is asked
 * only inside the chats and time span of the marked messages, and its hits are kept when marked. The
 * marked messages are few, so every kept hit is collected and the page cut from them (an exact total).
 */
async function searchThroughMarks(
  search: Pick<SearchClient, 'search'>,
  request: SearchRequest,
  restrict: (
    filters: SearchFilters,
  ) => Promise<{ filters: SearchFilters; keys: ReadonlySet<string> | null } | null>,
): Promise<SearchPage> {
  const started = performance.now();
  const restriction = await restrict(request.filters);
  if (restriction === null) {
    return {
      hits: [],
      total: 0,
      totalExact: true,
      mode: 'index',
      terms: [],
      tookMs: performance.now() - started,
    };
  }
  const { filters, keys } = restriction;
  if (keys === null) return search.search({ ...request, filters });
  const kept: SearchHit[] = [];
  let last = await search.search({ query: request.query, filters, offset: 0, limit: MARKED_BATCH });
  for (let offset = MARKED_BATCH; ; offset += MARKED_BATCH) {
    for (const hit of last.hits) if (keys.has(messageKey(hit.corpId, hit.msgid))) kept.push(hit);
    if (last.hits.length < MARKED_BATCH || kept.length >= keys.size) break;
    last = await search.search({ query: request.query, filters, offset, limit: MARKED_BATCH });
  }
  return {
    hits: kept.slice(request.offset, request.offset + request.limit),
    total: kept.length,
    totalExact: true,
    mode: last.mode,
    terms: last.terms,
    tookMs: performance.now() - started,
  };
}

/** Search-as-you-type: debounced, and an answer to an older request never overwrites a newer one. */
export function useSearchResults(
  query: string,
  filters: SearchFilters,
  markFilter: MarkFilter | null = null,
): SearchResults {
  const { search, auditTrail, db, marks } = useAppServices();
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [page, setPage] = useState<SearchPage | null>(null);
  const [answered, setAnswered] = useState<SearchResults['answered']>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const filtersKey = JSON.stringify(filters);
  const markKey = JSON.stringify(markFilter);
  const active = query.trim() !== '' || hasFilter(filters) || markFilter !== null;

  const run = useCallback(
    (offset: number, token: number) => {
      setLoading(true);
      const request = { query, filters: JSON.parse(filtersKey) as SearchFilters, offset, limit: PAGE_SIZE };
      const marked = JSON.parse(markKey) as MarkFilter | null;
      const answered = marked
        ? searchThroughMarks(search, request, async (asked) => {
            const restriction = await resolveMarkFilter(db, marks, marked, asked);
            if (restriction.empty) return null;
            return { filters: restrictFilters(asked, restriction), keys: restriction.keys };
          })
        : search.search(request);
      answered.then(
        (answer) => {
          if (token !== generation.current) return;
          setPage(answer);
          setAnswered({ query, filters: filtersKey, marks: markKey });
          setHits((previous) => (offset === 0 ? answer.hits : [...previous, ...answer.hits]));
          setError(null);
          setLoading(false);
          const after = {
            query,
            filters: JSON.parse(filtersKey),
            ...(marked ? { marks: { ...marked } } : {}),
            total: answer.total,
          };
          if (offset === 0) void auditTrail.append('search.performed', {}, { after });
        },
        (failure: unknown) => {
          if (token !== generation.current) return;
          setError(failure instanceof Error ? failure.message : String(failure));
          setLoading(false);
        },
      );
    },
    [search, auditTrail, db, marks, query, filtersKey, markKey],
  );

  useEffect(() => {
    generation.current += 1;
    const token = generation.current;
    if (!active) return undefined;
    const timer = setTimeout(() => run(0, token), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [active, run]);

  const loadMore = useCallback(() => run(hits.length, generation.current), [run, hits.length]);
  if (!active) return { hits: [], page: null, answered: null, loading: false, error: null, active, loadMore };
  return { hits, page, answered, loading, error, active, loadMore };
}
