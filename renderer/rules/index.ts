/** Lexicon rules (issue 12): the engine the rules and alerts screens and the rules worker share. */
export * from './model';
export {
  compileRule,
  explain,
  foldTerm,
  RuleRegexError,
  type Explanation,
  type MessageContext,
  type ScopeFailure,
} from './matcher';
export { exportRulesJson, exportWordList, importRulesJson, parseWordList, RulesImportError } from './ruleIo';
export {
  ALERT_STATUSES,
  deleteRule,
  listRules,
  RuleValidationError,
  rulesTables,
  saveRule,
  validateDraft,
  type AlertRow,
  type AlertStatus,
} from './ruleStore';
export {
  InThreadRules,
  RulesClient,
  startRulesWorker,
  type RulesBackend,
  type RulesWorker,
} from './rulesClient';
export type { PreviewHit, PreviewResult, RunProgress, RunResult } from './runner';
export { chatKindFromId } from './indexReader';
