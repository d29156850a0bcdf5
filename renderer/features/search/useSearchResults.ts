import { useCallback, useEffect, useRef, useState } from 'react';
import type { SearchFilters, SearchHit, SearchPage } from '../../search/protocol';
import { useAppServices } from '../appServices';

export const PAGE_SIZE = 50;
const DEBOUNCE_MS = 180;

export interface SearchResults {
  hits: SearchHit[];
  page: SearchPage | null;
  /** The query and filters (JSON) the shown page answers: lets tests and screen readers tell stale from fresh. */
  answered: { query: string; filters: string } | null;
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

/** Search-as-you-type: debounced, and an answer to an older request never overwrites a newer one. */
export function useSearchResults(query: string, filters: SearchFilters): SearchResults {
  const { search, auditTrail } = useAppServices();
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [page, setPage] = useState<SearchPage | null>(null);
  const [answered, setAnswered] = useState<SearchResults['answered']>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const filtersKey = JSON.stringify(filters);
  const active = query.trim() !== '' || hasFilter(filters);

  const run = useCallback(
    (offset: number, token: number) => {
      setLoading(true);
      search
        .search({ query, filters: JSON.parse(filtersKey) as SearchFilters, offset, limit: PAGE_SIZE })
        .then(
          (answer) => {
            if (token !== generation.current) return;
            setPage(answer);
            setAnswered({ query, filters: filtersKey });
            setHits((previous) => (offset === 0 ? answer.hits : [...previous, ...answer.hits]));
            setError(null);
            setLoading(false);
            const after = { query, filters: JSON.parse(filtersKey), total: answer.total };
            if (offset === 0) void auditTrail.append('search.performed', {}, { after });
          },
          (failure: unknown) => {
            if (token !== generation.current) return;
            setError(failure instanceof Error ? failure.message : String(failure));
            setLoading(false);
          },
        );
    },
    [search, auditTrail, query, filtersKey],
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
