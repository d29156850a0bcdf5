import type { Rule } from './model';
import type { PreviewResult, RunProgress, RunResult } from './runner';

/** The rules worker's messages (rules.worker.ts ⇄ rulesClient.ts). Requests carry a seq; replies echo it. */
export type RulesRequest =
  | { seq: number; type: 'run'; runId: number; ruleIds: string[] }
  | { seq: number; type: 'cancel'; runId: number }
  | { seq: number; type: 'preview'; rule: Rule; limit: number }
  | { seq: number; type: 'checkNew' }
  /** The archive's data key for the worker's database (sealed texts), null to forget it (app lock). */
  | { seq: number; type: 'dataKey'; key: CryptoKey | null };

export type RulesReply =
  | { seq: number; ok: true; value: unknown }
  | { seq: number; ok: false; error: string }
  | { seq: 0; type: 'progress'; runId: number; progress: RunProgress }
  | { seq: 0; type: 'checked'; messages: number };

export type { PreviewResult, RunProgress, RunResult };
