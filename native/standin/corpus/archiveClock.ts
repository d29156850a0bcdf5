import type { Prng } from './prng';

const ACTIVE_SECONDS_PER_DAY = 14 * 3600; // chats happen 08:00–22:00 China time
const DAY_START_OFFSET = 8 * 3600;

/**
 * Message times for an archive: exponential gaps over "active" seconds, mapped onto 08:00–22:00 of
 * consecutive days, so times are monotonic, realistic and spread over `ceil(messages / 200)` days
 * (at least 5, at most a year).
 */
export class ArchiveClock {
  private activeSeconds = 0;
  private readonly meanGap: number;

  constructor(
    private readonly prng: Prng,
    messages: number,
    /** Midnight (China time) of the first day, unix seconds. */
    private readonly firstDaySeconds: number,
  ) {
    const days = Math.min(365, Math.max(5, Math.ceil(messages / 200)));
    this.meanGap = (days * ACTIVE_SECONDS_PER_DAY) / Math.max(1, messages);
  }

  /** The next message time in milliseconds; `quick` for a reply within the same exchange. */
  next(quick = false): number {
    const gap = quick ? 2 + this.prng.exponential(20) : 1 + this.prng.exponential(this.meanGap);
    this.activeSeconds += gap;
    const day = Math.floor(this.activeSeconds / ACTIVE_SECONDS_PER_DAY);
    const within = this.activeSeconds - day * ACTIVE_SECONDS_PER_DAY;
    const seconds = this.firstDaySeconds + day * 86400 + DAY_START_OFFSET + within;
    return Math.floor(seconds * 1000);
  }
}
