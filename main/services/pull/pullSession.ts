import type { IngestMessageDto, PullErrorDto, PullStatusDto } from '../../contract';
import { maxSeq } from '../../common/seq/seq';
import { parseChatDataPage } from '../archive/chatDataEnvelope';
import { backoffDelay, DEFAULT_BACKOFF, shouldGiveUp, type BackoffPolicy } from './backoff';
import { toDecryptResult, toIngestMessage, toMalformedMessage } from './decryptBatch';
import {
  classifyErrcode,
  classifySdkCode,
  classifyThrown,
  HOST_CRASH,
  type PullFailureClass,
} from './errorClassification';
import { decryptIsolating } from './poisonIsolation';
import { SdkProcessCrash, type DecryptOutcome, type PageOutcome, type PullSdk } from './pullSdk';

/**
 * One corp's pull, from the renderer's committed cursor until caught up (docs/wecom-sdk.md §3, §7).
 * One host request per page (GetChatData → RSA + DecryptData, `pullPage`) → batch to the renderer; at most `maxUnacked` batches wait for the
 * renderer's "committed" ack (backpressure). The cursor sent to the SDK only moves past data already
 * handed over; what counts as stored is only what the renderer acknowledged.
 */
export interface PullBatch {
  batchId: number;
  cursor: string;
  messages: IngestMessageDto[];
}

export interface PullSessionDeps {
  corpId: string;
  cursor: string;
  limit: number;
  proxy: string;
  passwd: string;
  timeoutSec: number;
  sdk: PullSdk;
  /** Read per batch so a key imported mid-pull is used at once. */
  privateKeys: () => Promise<Record<number, string>>;
  emitBatch: (batch: PullBatch) => void;
  onStatus: (status: PullStatusDto) => void;
  onCaughtUp: (at: number) => void;
  onKeysVerified: (versions: number[]) => void;
  log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
  maxUnacked?: number;
  backoff?: BackoffPolicy;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  lastSuccessAt: number | null;
  nextScheduledAt: number | null;
  firstBatchId: number;
}

const MAX_ERRORS_KEPT = 20;
const RATE_WINDOW = 10;

export class PullSession {
  readonly status: PullStatusDto;
  private stopped = false;
  private readonly unacked = new Map<number, string>();
  private windowWaiter: (() => void) | null = null;
  private nextBatchId: number;
  private readonly recent: Array<{ at: number; count: number }> = [];
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly maxUnacked: number;
  private readonly backoff: BackoffPolicy;
  private wakeSleep: (() => void) | null = null;

  constructor(private readonly deps: PullSessionDeps) {
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxUnacked = deps.maxUnacked ?? 3;
    this.backoff = deps.backoff ?? DEFAULT_BACKOFF;
    this.nextBatchId = deps.firstBatchId;
    this.status = {
      corpId: deps.corpId,
      state: 'starting',
      pulled: 0,
      ratePerSec: 0,
      committedSeq: deps.cursor,
      lastSuccessAt: deps.lastSuccessAt,
      limit: deps.limit,
      errors: [],
      fatal: null,
      nextScheduledAt: deps.nextScheduledAt,
    };
  }

  get running(): boolean {
    return !this.stopped && ['starting', 'pulling', 'backing-off'].includes(this.status.state);
  }

  /** Batch ids this session may have in flight; a later session continues after them. */
  get lastBatchId(): number {
    return this.nextBatchId;
  }

  stop(): void {
    if (this.stopped) return;
    const wasActive = this.running;
    this.stopped = true;
    if (wasActive) this.setState('stopped');
    this.windowWaiter?.();
    this.wakeSleep?.();
  }

  ack(batchId: number, committedSeq: string): boolean {
    if (!this.unacked.delete(batchId)) return false;
    this.status.committedSeq = maxSeq(this.status.committedSeq, committedSeq);
    this.windowWaiter?.();
    this.publish();
    return true;
  }

  async run(): Promise<void> {
    let cursor = this.deps.cursor;
    let attempt = 0;
    let limit = this.deps.limit;
    this.setState('pulling');
    while (!this.stopped) {
      await this.waitForWindow(this.maxUnacked - 1);
      if (this.stopped) return;

      let page: Extract<PageOutcome, { kind: 'page' }> | null = null;
      let failure: PullFailureClass | null = null;
      let detail = '';
      try {
        const outcome = await this.fetchPage(cursor, limit);
        if (outcome.kind === 'page') {
          page = outcome;
        } else if (outcome.kind === 'errcode') {
          failure = classifyErrcode(outcome.errcode);
          detail = outcome.errmsg;
        } else {
          failure = { ...classifySdkCode(10002), kind: 'malformed-response' };
          detail = outcome.problem;
        }
      } catch (error) {
        failure = classifyThrown(error);
        detail = (error as Error).message;
      }
      if (this.stopped) return;

      if (failure || !page) {
        failure ??= { ...HOST_CRASH, action: 'retry' };
        if (failure.action === 'shrink-limit' && limit > 1) {
          limit = Math.max(1, Math.floor(limit / 2));
          this.status.limit = limit;
          this.recordError(failure, detail, true);
          continue;
        }
        if (failure.action === 'stop' || (failure.action === 'shrink-limit' && limit <= 1)) {
          this.fail(failure, detail);
          return;
        }
        attempt += 1;
        if (shouldGiveUp(attempt, this.backoff)) {
          this.fail({ ...failure, action: 'stop' }, `${detail} (gave up after ${attempt - 1} retries)`);
          return;
        }
        this.recordError(failure, detail, true);
        this.setState('backing-off');
        await this.interruptibleSleep(backoffDelay(attempt, this.backoff));
        if (this.stopped) return;
        this.setState('pulling');
        continue;
      }
      attempt = 0;

      if (page.items === 0) break;
      const messages = this.toMessages(page, cursor);
      const batchCursor = messages.reduce((max, m) => maxSeq(max, m.seq), cursor);
      if (batchCursor === cursor) {
        // Every item lacked a usable seq: asking again would return the same page for ever.
        this.fail(
          { ...classifySdkCode(10002), kind: 'malformed-response', action: 'stop' },
          'no chatdata item of the page has a usable seq',
        );
        return;
      }
      const batchId = this.nextBatchId++;
      this.unacked.set(batchId, batchCursor);
      this.deps.emitBatch({ batchId, cursor: batchCursor, messages });
      this.countPulled(messages.length);
      cursor = batchCursor;
      if (page.items < limit) break;
    }
    if (this.stopped) return;
    await this.waitForWindow(0);
    if (this.stopped) return;
    const at = this.now();
    this.status.lastSuccessAt = at;
    this.setState('caught-up');
    this.deps.onCaughtUp(at);
  }

  /**
   * One page in one host request (GetChatData + decrypt). When the host dies or hangs on it, the page
   * is fetched alone and its messages are decrypted with poison isolation (poisonIsolation.ts): a
   * crash in GetChatData itself is thrown (retried with backoff), a message on which DecryptData
   * always crashes comes back as `sdk-crash` and the rest of the page goes on.
   */
  private async fetchPage(cursor: string, limit: number): Promise<PageOutcome> {
    const network = {
      seq: cursor,
      limit,
      proxy: this.deps.proxy,
      passwd: this.deps.passwd,
      timeoutSec: this.deps.timeoutSec,
    };
    const privateKeys = await this.deps.privateKeys();
    try {
      return await this.deps.sdk.pullPage({ ...network, privateKeys });
    } catch (error) {
      if (!(error instanceof SdkProcessCrash)) throw error;
      this.recordError(HOST_CRASH, `${error.message}; isolating the page's messages`, true);
    }
    const parsed = parseChatDataPage(await this.deps.sdk.getChatData(network));
    if (!parsed.ok) {
      return 'errcode' in parsed
        ? { kind: 'errcode', errcode: parsed.errcode, errmsg: parsed.errmsg }
        : { kind: 'malformed-page', problem: parsed.malformed };
    }
    const isolation = {
      onCrash: (size: number, crash: SdkProcessCrash) =>
        this.deps.log('warn', 'SDK host died decrypting; bisecting', {
          corpId: this.deps.corpId,
          requestSize: size,
          detail: crash.message,
        }),
    };
    // The whole page crashed once already: start with its halves.
    const middle = parsed.envelopes.length > 1 ? Math.ceil(parsed.envelopes.length / 2) : 0;
    const halves =
      middle > 0 ? [parsed.envelopes.slice(0, middle), parsed.envelopes.slice(middle)] : [parsed.envelopes];
    const outcomes: DecryptOutcome[] = [];
    for (const half of halves)
      outcomes.push(...(await decryptIsolating(this.deps.sdk, privateKeys, half, isolation, 1)));
    return {
      kind: 'page',
      items: parsed.items,
      malformed: parsed.malformed,
      messages: parsed.envelopes.map((envelope, index) => ({
        envelope,
        outcome: outcomes[index] ?? {
          msgid: envelope.msgid,
          status: 'decrypt-failed',
          stage: 'sdk',
          message: 'no outcome',
        },
      })),
    };
  }

  /** The page as stored rows; decrypt failure details go to the log, grouped, never to the renderer. */
  private toMessages(page: Extract<PageOutcome, { kind: 'page' }>, cursor: string): IngestMessageDto[] {
    const verified = new Set<number>();
    const details = new Map<string, { count: number; msgids: string[]; fields: Record<string, unknown> }>();
    const logDetail = (message: string, fields: Record<string, unknown>) => {
      const { msgid, ...rest } = fields;
      const key = `${message} ${JSON.stringify(rest)}`;
      const entry = details.get(key) ?? { count: 0, msgids: [], fields: rest };
      entry.count += 1;
      if (entry.msgids.length < 5) entry.msgids.push(String(msgid));
      details.set(key, entry);
    };
    const messages = page.messages.map(({ envelope, outcome }) => {
      const result = toDecryptResult(outcome, envelope, logDetail);
      if (result.status === 'ok') verified.add(envelope.publickeyVer);
      if (result.status === 'sdk-crash') {
        this.deps.log('error', 'SDK host dies on this message; kept as sdk-crash', {
          corpId: this.deps.corpId,
          msgid: envelope.msgid,
          seq: envelope.seq,
          crashCount: result.crashCount,
        });
      }
      return toIngestMessage(envelope, result);
    });
    for (const [key, entry] of details) {
      this.deps.log('warn', key.slice(0, key.indexOf(' {')), {
        corpId: this.deps.corpId,
        count: entry.count,
        msgids: entry.msgids,
        ...entry.fields,
      });
    }
    for (const item of page.malformed) {
      this.deps.log('warn', 'malformed chatdata item kept raw', {
        corpId: this.deps.corpId,
        seq: item.seq,
        problem: item.problem,
      });
      messages.push(toMalformedMessage(item, cursor));
    }
    if (verified.size > 0) this.deps.onKeysVerified([...verified]);
    return messages;
  }

  private fail(failure: PullFailureClass, detail: string): void {
    const error = this.recordError(failure, detail, false);
    this.status.fatal = error;
    this.setState('failed');
    this.deps.log('error', `pull stopped: ${failure.explanation}`, {
      corpId: this.deps.corpId,
      kind: failure.kind,
      detail,
    });
  }

  private recordError(failure: PullFailureClass, detail: string, retryable: boolean): PullErrorDto {
    const code = /^(sdk|errcode)-(-?\d+)$/.exec(failure.kind);
    const error: PullErrorDto = {
      at: this.now(),
      kind: failure.kind,
      retryable,
      message: detail ? `${failure.explanation} (${detail})` : failure.explanation,
    };
    if (code?.[1] === 'sdk') error.sdkCode = Number(code[2]);
    if (code?.[1] === 'errcode') error.errcode = Number(code[2]);
    this.status.errors = [...this.status.errors, error].slice(-MAX_ERRORS_KEPT);
    if (retryable)
      this.deps.log('warn', `pull retry: ${failure.explanation}`, {
        corpId: this.deps.corpId,
        kind: failure.kind,
        detail,
      });
    this.publish();
    return error;
  }

  private countPulled(count: number): void {
    const at = this.now();
    this.status.pulled += count;
    this.recent.push({ at, count });
    if (this.recent.length > RATE_WINDOW) this.recent.shift();
    const first = this.recent[0];
    const span = first ? (at - first.at) / 1000 : 0;
    const counted = this.recent.slice(1).reduce((sum, r) => sum + r.count, 0);
    this.status.ratePerSec = span > 0 ? Math.round(counted / span) : 0;
    this.publish();
  }

  private waitForWindow(maxOutstanding: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.stopped || this.unacked.size <= maxOutstanding) {
          this.windowWaiter = null;
          resolve();
        } else {
          this.windowWaiter = check;
        }
      };
      check();
    });
  }

  private interruptibleSleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wakeSleep = resolve;
      void this.sleep(ms).then(resolve);
    }).then(() => {
      this.wakeSleep = null;
    });
  }

  private setState(state: PullStatusDto['state']): void {
    this.status.state = state;
    this.publish();
  }

  private publish(): void {
    this.deps.onStatus({ ...this.status, errors: [...this.status.errors] });
  }
}
