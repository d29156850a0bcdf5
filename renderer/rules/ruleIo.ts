import {
  CHAT_KINDS,
  PATTERN_KINDS,
  SEVERITIES,
  emptyRuleDraft,
  type ChatKind,
  type PatternKind,
  type ProximityClause,
  type Rule,
  type RuleDraft,
  type RuleScope,
  type Severity,
} from './model';

/**
 * Rules in and out of the app (issue 12): a JSON document of whole rules, and a plain word list
 * (UTF-8, one term per line) for the terms of one rule. Import is tolerant of what editors and other
 * tools write (a byte-order mark, CRLF line ends, blank lines) and strict about what it keeps: an
 * entry that is not a usable rule is reported, never half-imported.
 */

export const RULES_FORMAT = 'wecom-archive-rules';
export const RULES_FORMAT_VERSION = 1;

export interface RulesDocument {
  format: typeof RULES_FORMAT;
  version: typeof RULES_FORMAT_VERSION;
  rules: Rule[];
}

export function exportRulesJson(rules: readonly Rule[]): string {
  const document: RulesDocument = { format: RULES_FORMAT, version: RULES_FORMAT_VERSION, rules: [...rules] };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export class RulesImportError extends Error {
  constructor(
    readonly code: 'not-json' | 'not-rules' | 'bad-rule',
    message: string,
    readonly index?: number,
  ) {
    super(message);
    this.name = 'RulesImportError';
  }
}

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];

const pick = <T extends string>(values: readonly T[], value: unknown): T[] =>
  strings(value).filter((v): v is T => (values as readonly string[]).includes(v));

function readScope(value: unknown): RuleScope {
  if (!value || typeof value !== 'object') return {};
  const v = value as Record<string, unknown>;
  const scope: RuleScope = {};
  const corpIds = strings(v.corpIds);
  const chatKinds = pick<ChatKind>(CHAT_KINDS, v.chatKinds);
  const people = strings(v.people);
  const msgtypes = strings(v.msgtypes);
  if (corpIds.length) scope.corpIds = corpIds;
  if (chatKinds.length) scope.chatKinds = chatKinds;
  if (people.length) scope.people = people;
  if (msgtypes.length) scope.msgtypes = msgtypes;
  if (v.direction === 'staff' || v.direction === 'external') scope.direction = v.direction;
  return scope;
}

function readProximity(value: unknown): ProximityClause[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (!item || typeof item !== 'object') return [];
    const { a, b, within } = item as Record<string, unknown>;
    if (typeof a !== 'string' || typeof b !== 'string' || a.trim() === '' || b.trim() === '') return [];
    const n = typeof within === 'number' && Number.isFinite(within) ? Math.max(0, Math.floor(within)) : 10;
    return [{ a, b, within: n }];
  });
}

/** One imported rule as a draft (ids and times are the store's on save); throws for a rule without a name. */
function readRule(value: unknown, index: number): RuleDraft {
  if (!value || typeof value !== 'object')
    throw new RulesImportError('bad-rule', `rule ${index + 1} is not an object`, index);
  const v = value as Record<string, unknown>;
  const name = typeof v.name === 'string' ? v.name.trim() : '';
  if (name === '') throw new RulesImportError('bad-rule', `rule ${index + 1} has no name`, index);
  const draft: RuleDraft = {
    ...emptyRuleDraft(),
    name,
    severity: (SEVERITIES as readonly string[]).includes(v.severity as string)
      ? (v.severity as Severity)
      : 'medium',
    enabled: v.enabled !== false,
    terms: strings(v.terms),
    exclusions: strings(v.exclusions),
    proximity: readProximity(v.proximity),
    regex: typeof v.regex === 'string' ? v.regex : '',
    patterns: pick<PatternKind>(PATTERN_KINDS, v.patterns),
    urlDomains: strings(v.urlDomains),
    scope: readScope(v.scope),
  };
  if (typeof v.id === 'string' && v.id !== '') draft.id = v.id;
  return draft;
}

/** Parses an exported rules document (or a bare array of rules). */
export function importRulesJson(text: string): RuleDraft[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stripBom(text));
  } catch (error) {
    throw new RulesImportError('not-json', (error as Error).message);
  }
  const list = Array.isArray(parsed)
    ? parsed
    : parsed && typeof parsed === 'object' && Array.isArray((parsed as { rules?: unknown }).rules)
      ? (parsed as { rules: unknown[] }).rules
      : null;
  if (!list) throw new RulesImportError('not-rules', 'no "rules" list in the document');
  return list.map((item, index) => readRule(item, index));
}

/**
 * The terms of a word list: UTF-8 text, one term per line; a byte-order mark, CR/LF line ends,
 * surrounding spaces and blank lines are ignored; a line in quotes ("…" or “…”) is one phrase;
 * duplicates are kept once, first one wins.
 */
export function parseWordList(text: string): string[] {
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const line of stripBom(text).split(/\r\n|\r|\n/)) {
    let term = line.trim();
    const quoted = /^(?:"(.*)"|“(.*)”)$/.exec(term);
    if (quoted) term = (quoted[1] ?? quoted[2] ?? '').trim();
    if (term === '' || seen.has(term)) continue;
    seen.add(term);
    terms.push(term);
  }
  return terms;
}

/** A rule's terms as a word list (UTF-8, LF, one term per line; a term with spaces quoted). */
export function exportWordList(terms: readonly string[]): string {
  return terms.map((term) => (/\s/.test(term) ? `"${term}"` : term)).join('\n') + (terms.length ? '\n' : '');
}
