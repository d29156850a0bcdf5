import type { PullState, PullStatusDto } from '../../../main/contract';

/** States in which main is (or is about to be) pulling and may send batches. */
const ACTIVE: ReadonlySet<PullState> = new Set(['starting', 'pulling', 'backing-off']);

export function isPullActive(status: Pick<PullStatusDto, 'state'> | undefined): boolean {
  return status !== undefined && ACTIVE.has(status.state);
}

/** A pull ended by itself: nothing to resume after a reload. */
export function isPullFinished(status: Pick<PullStatusDto, 'state'>): boolean {
  return status.state === 'caught-up' || status.state === 'failed';
}
