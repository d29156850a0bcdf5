import type { EnvelopeDto, IngestMessageDto, PullErrorDto, PullStatusDto } from '../../contract';
import { maxSeq } from '../../common/seq/seq';
import { parseChatDataPage } from '../archive/chatDataEnvelope';
import { backoffDelay, DEFAULT_BACKOFF, shouldGiveUp, type BackoffPolicy } from './backoff';
import { toDecryptResult, toIngestMessage } from './decryptBatch';
import { classifyErrcode, classifySdkCode, HOST_CRASH, type PullFailureClass } from './errorClassification';
import { SdkCodeError, SdkProcessCrash, SdkUnavailable, type PullSdk } from './pullSdk';

/**
 * One corp's pull, from the renderer's committed cursor until caught up (SDK-SPEC §3, §7).
 * GetChatData → RSA + DecryptData → batch to the renderer; at most `maxUnacked` batches wait for the
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

      let envelopes: EnvelopeDto[];
      let failure: PullFailureClass | null = null;
      let detail = '';
      try {
        const raw = await this.deps.sdk.getChatData({
          seq: cursor,
          limit,
          proxy: this.deps.proxy,
          passwd: this.deps.passwd,
          timeoutSec: this.deps.timeoutSec,
        });
        const page = parseChatDataPage(raw);
        if (page.ok) {
          envelopes = page.envelopes;
        } else if ('errcode' in page) {
          failure = classifyErrcode(page.errcode);
          detail = page.errmsg;
          envelopes = [];
        } else {
          failure = { ...classifySdkCode(10002), kind: 'malformed-response' };
          detail = page.malformed;
          envelopes = [];
        }
      } catch (error) {
        failure = this.classifyThrown(error);
        detail = (error as Error).message;
        envelopes = [];
      }
      if (this.stopped) return;

      if (failure) {
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

      if (envelopes.length === 0) break;
      const decrypted = await this.decrypt(envelopes);
      if (this.stopped) return;
      if (!decrypted) {
        attempt += 1;
        if (shouldGiveUp(attempt, this.backoff)) {
          this.fail({ ...HOST_CRASH, action: 'stop' }, 'the SDK host kept failing while decrypting');
          return;
        }
        await this.interruptibleSleep(backoffDelay(attempt, this.backoff));
        continue;
      }
      const batchCursor = envelopes.reduce((max, e) => maxSeq(max, e.seq), cursor);
      const batchId = this.nextBatchId++;
      this.unacked.set(batchId, batchCursor);
      this.deps.emitBatch({ batchId, cursor: batchCursor, messages: decrypted });
      this.countPulled(decrypted.length);
      cursor = batchCursor;
      if (envelopes.length < limit) break;
    }
    if (this.stopped) return;
    await this.waitForWindow(0);
    if (this.stopped) return;
    const at = this.now();
    this.status.lastSuccessAt = at;
    this.setState('caught-up');
    this.deps.onCaughtUp(at);
  }

  private async decrypt(envelopes: EnvelopeDto[]): Promise<IngestMessageDto[] | null> {
    try {
      const outcomes = await this.deps.sdk.decryptEnvelopes(await this.deps.privateKeys(), envelopes);
      const verified = new Set<number>();
      const messages = envelopes.map((envelope, index) => {
        const result = toDecryptResult(outcomes[index], envelope);
        if (result.status === 'ok') verified.add(envelope.publickeyVer);
        return toIngestMessage(envelope, result);
      });
      if (verified.size > 0) this.deps.onKeysVerified([...verified]);
      return messages;
    } catch (error) {
      const failure = this.classifyThrown(error);
      if (failure.action === 'stop') {
        this.fail(failure, (error as Error).message);
        this.stopped = true;
        return null;
      }
      this.recordError(failure, (error as Error).message, true);
      return null;
    }
  }

  private classifyThrown(error: unknown): PullFailureClass {
    if (error instanceof SdkCodeError) return classifySdkCode(error.sdkCode);
    if (error instanceof SdkProcessCrash) return HOST_CRASH;
    if (error instanceof SdkUnavailable) {
      return {
        kind: 'library-unavailable',
        action: 'stop',
        explanation: error.message,
        remedy: 'Check the SDK library path in the corp settings.',
      };
    }
    return {
      kind: 'internal',
      action: 'stop',
      explanation: `Unexpected failure: ${(error as Error).message}`,
      remedy: 'See the logs.',
    };
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
