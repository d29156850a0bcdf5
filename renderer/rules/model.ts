/**
 * Lexicon rules (issue 12): what an officer writes, stored in the `rules` table (schema v9) and
 * never in message rows. Terms are matched on the search's normalised text (renderer/search/normalize.ts),
 * so a rule folds case and full/half width exactly as search does.
 */

export type Severity = 'low' | 'medium' | 'high';
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high'];

/** The built-in, validated patterns. */
export type PatternKind = 'mobile' | 'idcard' | 'bankcard' | 'email' | 'url';
export const PATTERN_KINDS: readonly PatternKind[] = ['mobile', 'idcard', 'bankcard', 'email', 'url'];

/** The chat kinds of the conversation list (reading/conversations): system chats are never in scope of a kind filter. */
export type ChatKind = 'internal' | 'external' | 'internal-group' | 'external-group';
export const CHAT_KINDS: readonly ChatKind[] = ['internal', 'external', 'internal-group', 'external-group'];

/** Who sent the message: the corp's staff or an external contact (or bot). */
export type Direction = 'staff' | 'external';

/** Empty or absent lists mean "any". */
export interface RuleScope {
  corpIds?: string[];
  chatKinds?: ChatKind[];
  /** Sender user ids. */
  people?: string[];
  msgtypes?: string[];
  direction?: Direction;
}

/** `a` and `b` occur within `within` characters of each other (in the normalised text, either order). */
export interface ProximityClause {
  a: string;
  b: string;
  within: number;
}

export interface Rule {
  id: string;
  name: string;
  severity: Severity;
  enabled: boolean;
  /** Words and phrases (a phrase keeps its spaces); any one raises a hit. */
  terms: string[];
  /** A hit whose span lies inside an occurrence of one of these is suppressed (返点 but not 返点卡). */
  exclusions: string[];
  proximity: ProximityClause[];
  /** A regular expression for Latin letters and digits, run on the normalised text (case folded). */
  regex: string;
  patterns: PatternKind[];
  /** For the `url` pattern: only URLs to these domains (and their subdomains); empty = any URL. */
  urlDomains: string[];
  scope: RuleScope;
  createdAt: number;
  updatedAt: number;
}

/** A rule as the editor holds it before it is saved (no id or times yet). */
export type RuleDraft = Omit<Rule, 'id' | 'createdAt' | 'updatedAt'> & { id?: string };

export function emptyRuleDraft(): RuleDraft {
  return {
    name: '',
    severity: 'medium',
    enabled: true,
    terms: [],
    exclusions: [],
    proximity: [],
    regex: '',
    patterns: [],
    urlDomains: [],
    scope: {},
  };
}

/** Whether a rule can raise any hit at all (an empty rule is refused on save). */
export function ruleHasMatchers(rule: Pick<Rule, 'terms' | 'proximity' | 'regex' | 'patterns'>): boolean {
  return (
    rule.terms.length > 0 || rule.proximity.length > 0 || rule.regex.trim() !== '' || rule.patterns.length > 0
  );
}

/** How the text was folded for a hit to match (explanations in the editor and the alert card). */
export type Fold = 'case' | 'width' | 'space';

export type HitKind = 'term' | 'proximity' | 'regex' | 'pattern';

/** One reason a message matched a rule: the matched span in the message's visible text. */
export interface RuleHit {
  ruleId: string;
  kind: HitKind;
  /** The term, "a ~N b", the regex or the pattern kind. */
  matcher: string;
  /** The text as written in the message. */
  matched: string;
  /** [start, end) in the message's visible text (UTF-16 units), for the highlight. */
  start: number;
  end: number;
  /** Which normalisation made it match; empty for a literal match. */
  folds: Fold[];
}
