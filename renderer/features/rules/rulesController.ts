import type { JsonValue } from '../../../main/common/audit/auditChain';
import type { ArchiveDb } from '../../db';
import {
  deleteRule,
  listRules,
  saveRule,
  validateDraft,
  type PreviewResult,
  type Rule,
  type RuleDraft,
  type RulesBackend,
  type RunProgress,
  type RunResult,
} from '../../rules';
import type { AuditTrail } from '../audit';

/**
 * Saving, deleting and importing rules, and the one retroactive run at a time (issue 12): a saved
 * rule runs over the whole history in the rules worker (progress, msgs/s, ETA, cancel); each change
 * is an entry in the audit trail. Screens subscribe to the run state.
 */
export interface RunState {
  runId: number;
  ruleIds: string[];
  names: string[];
  status: 'running' | 'done' | 'cancelled' | 'failed';
  progress: RunProgress | null;
  result: RunResult | null;
  error: string | null;
}

export interface RulesControllerDeps {
  db: ArchiveDb;
  backend: RulesBackend;
  auditTrail: Pick<AuditTrail, 'append'>;
  log: (message: string, detail?: unknown) => void;
}

const ruleView = (rule: RuleDraft): JsonValue =>
  JSON.parse(
    JSON.stringify({
      name: rule.name,
      severity: rule.severity,
      enabled: rule.enabled,
      terms: rule.terms,
      exclusions: rule.exclusions,
      proximity: rule.proximity,
      regex: rule.regex,
      patterns: rule.patterns,
      urlDomains: rule.urlDomains,
      scope: rule.scope,
    }),
  ) as JsonValue;

export class RulesController {
  private run: RunState | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: RulesControllerDeps) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  runState = (): RunState | null => this.run;

  private set(run: RunState | null): void {
    this.run = run;
    for (const listener of this.listeners) listener();
  }

  get backend(): RulesBackend {
    return this.deps.backend;
  }

  preview(rule: Rule): Promise<PreviewResult> {
    return this.deps.backend.preview(rule, 20);
  }

  /** Validates and saves a rule, records it, and runs it over the whole history. */
  async save(draft: RuleDraft): Promise<Rule> {
    validateDraft(draft);
    const before = draft.id ? (await listRules(this.deps.db)).find((r) => r.id === draft.id) : undefined;
    const rule = await saveRule(this.deps.db, draft);
    await this.deps.auditTrail.append(
      'rule.saved',
      { ruleId: rule.id, name: rule.name },
      { ...(before ? { before: ruleView(before) } : {}), after: ruleView(rule) },
    );
    this.start([rule]);
    return rule;
  }

  async remove(rule: Rule): Promise<void> {
    await deleteRule(this.deps.db, rule.id);
    await this.deps.auditTrail.append(
      'rule.deleted',
      { ruleId: rule.id, name: rule.name },
      { before: ruleView(rule) },
    );
  }

  /** Saves imported rules (each validated first: none is saved if one is unusable) and runs them. */
  async importDrafts(drafts: readonly RuleDraft[], source: 'json' | 'word-list'): Promise<Rule[]> {
    for (const draft of drafts) validateDraft(draft);
    const saved: Rule[] = [];
    for (const draft of drafts) saved.push(await saveRule(this.deps.db, draft));
    await this.deps.auditTrail.append(
      'rules.imported',
      { source, count: saved.length },
      { after: saved.map((rule) => ({ ruleId: rule.id, name: rule.name })) },
    );
    this.start(saved);
    return saved;
  }

  /** Runs rules over the whole history; a run already going is cancelled first. */
  start(rules: readonly Rule[]): void {
    if (this.run?.status === 'running') this.cancel();
    const ids = rules.map((r) => r.id);
    const { runId, done } = this.deps.backend.run(ids, (progress) => {
      if (this.run?.runId === runId) this.set({ ...this.run, progress });
    });
    this.set({
      runId,
      ruleIds: ids,
      names: rules.map((r) => r.name),
      status: 'running',
      progress: null,
      result: null,
      error: null,
    });
    done.then(
      (result) => {
        if (this.run?.runId === runId)
          this.set({ ...this.run, status: result.cancelled ? 'cancelled' : 'done', result });
      },
      (error: unknown) => {
        this.deps.log('rules run failed', { error: (error as Error).message });
        if (this.run?.runId === runId)
          this.set({ ...this.run, status: 'failed', error: (error as Error).message });
      },
    );
  }

  cancel(): void {
    if (this.run?.status === 'running') this.deps.backend.cancel(this.run.runId);
  }

  dispose(): void {
    this.deps.backend.dispose();
  }
}
