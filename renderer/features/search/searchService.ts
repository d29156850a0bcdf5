import { startSearchWorker, type SearchClient } from '../../search/searchClient';
import { registerSearchIndex } from '../../search/searchIndex';

let client: SearchClient | null = null;

/**
 * App start-up: the index joins every ingest transaction from now on, and the worker starts loading
 * it (and backfilling/merging in the background) before anyone searches.
 */
export function startSearch(): SearchClient {
  registerSearchIndex();
  client ??= startSearchWorker();
  return client;
}

export function searchClient(): SearchClient {
  return client ?? startSearch();
}
