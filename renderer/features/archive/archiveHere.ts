import type { PullStatusDto } from '../../../main/contract';
import { isPullActive } from '../pull';

/**
 * Whether this browser holds the corp's archive, told apart from what main knows (issue 15 "States").
 * The archive lives in the IndexedDB of one browser profile (docs/ARCHITECTURE.md: IndexedDB is per
 * origin and per profile); main only remembers how far it pulled. So a second browser profile opened
 * on the same address sees main's "caught up" beside an empty archive: that is not "up to date".
 *
 * - `has`: messages are stored here.
 * - `first-pull`: none yet and a pull is running: the first pull is filling it.
 * - `elsewhere`: none here, but main has pulled this corp before (a committed seq or a last success):
 *   the messages are in another profile's storage.
 * - `empty`: none here and never pulled.
 * - `unknown`: the local count is not read yet.
 */
export type ArchiveHere = 'has' | 'first-pull' | 'elsewhere' | 'empty' | 'unknown';

export function archiveHere(input: {
  /** The seq stored in this browser's archive ('0' when none), undefined while it is read. */
  storedSeq: string | undefined;
  status: Pick<PullStatusDto, 'state' | 'committedSeq' | 'lastSuccessAt'> | undefined;
  /** The corp's last successful pull as main's config keeps it. */
  lastSuccessAt: number | null;
}): ArchiveHere {
  const { storedSeq, status, lastSuccessAt } = input;
  if (storedSeq === undefined) return 'unknown';
  if (storedSeq !== '0') return 'has';
  if (isPullActive(status)) return 'first-pull';
  const pulledBefore =
    (status !== undefined && status.committedSeq !== '0' && status.committedSeq !== '') ||
    (status?.lastSuccessAt ?? lastSuccessAt) !== null;
  return pulledBefore ? 'elsewhere' : 'empty';
}
