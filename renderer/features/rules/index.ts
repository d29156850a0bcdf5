/** Lexicon rules (issue 12): the Rules screen and the controller the composition root builds. */
export { RulesScreen } from './RulesScreen';
export { RulesController } from './rulesController';
export type { RunState } from './rulesController';
