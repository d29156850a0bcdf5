import { FIELD_SEPARATOR } from '../../main/common/message';
import { normalizeText, normalizeWithMap, type MappedText } from '../search/normalize';
import type { ChatKind, Fold, HitKind, PatternKind, Rule, RuleHit, RuleScope } from './model';
import { isBankCard, isMainlandMobile, luhnValid, scanPattern } from './validators';

/**
 * Matching one rule against one message (issue 12). Terms, exclusions and proximity words are folded
 * with the search's normalisation (renderer/search/normalize.ts: case, full/half width, whitespace),
 * then found as substrings of the message's normalised visible text; spans are mapped back to the
 * text as written for the highlight. Pure: the retroactive run, the ingest check, the editor's
 * live count and its "test a message" box all call the same code.
 */

/** What a rule's scope is checked against. */
export interface MessageContext {
  corpId: string;
  /** Null for system records (switch etc.), which no chat-kind filter takes. */
  chatKind: ChatKind | null;
  from: string;
  msgtype: string;
  /** Sent by an external contact or bot (docs/wecom-sdk.md §4.1 id prefixes). */
  external: boolean;
}

export interface CompiledRule {
  rule: Rule;
  terms: string[];
  exclusions: string[];
  proximity: { a: string; b: string; within: number; label: string }[];
  regex: RegExp | null;
  patterns: PatternKind[];
}

/** Folds a term as the index folds text; the field separator never belongs to a term. */
export function foldTerm(term: string): string {
  return normalizeText(term.replaceAll(FIELD_SEPARATOR, ' '));
}

export class RuleRegexError extends Error {
  constructor(
    readonly source: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'RuleRegexError';
  }
}

/** The regex of a rule, or null; throws RuleRegexError for one that does not parse or matches empty text. */
export function compileRegex(source: string): RegExp | null {
  if (source.trim() === '') return null;
  let re: RegExp;
  try {
    re = new RegExp(source, 'giu');
  } catch (error) {
    throw new RuleRegexError(source, (error as Error).message);
  }
  if (re.test('')) throw new RuleRegexError(source, 'matches empty text');
  re.lastIndex = 0;
  return re;
}

const unique = (values: readonly string[]) => [...new Set(values.filter((v) => v !== ''))];

export function compileRule(rule: Rule): CompiledRule {
  return {
    rule,
    terms: unique(rule.terms.map(foldTerm)),
    exclusions: unique(rule.exclusions.map(foldTerm)),
    proximity: rule.proximity
      .map((p) => ({ a: foldTerm(p.a), b: foldTerm(p.b), within: Math.max(0, Math.floor(p.within)) }))
      .filter((p) => p.a !== '' && p.b !== '')
      .map((p) => ({ ...p, label: `${p.a} ~${p.within} ${p.b}` })),
    regex: compileRegex(rule.regex),
    patterns: [...rule.patterns],
  };
}

export type ScopeField = 'corp' | 'chatKind' | 'people' | 'msgtype' | 'direction';

export interface ScopeFailure {
  field: ScopeField;
  actual: string;
  allowed: string[];
}

/** Every scope condition the message fails (empty: in scope). */
export function scopeFailures(scope: RuleScope, message: MessageContext): ScopeFailure[] {
  const failures: ScopeFailure[] = [];
  const check = (field: ScopeField, allowed: readonly string[] | undefined, actual: string) => {
    if (allowed && allowed.length > 0 && !allowed.includes(actual))
      failures.push({ field, actual, allowed: [...allowed] });
  };
  check('corp', scope.corpIds, message.corpId);
  check('chatKind', scope.chatKinds, message.chatKind ?? 'system');
  check('people', scope.people, message.from);
  check('msgtype', scope.msgtypes, message.msgtype);
  if (scope.direction) check('direction', [scope.direction], message.external ? 'external' : 'staff');
  return failures;
}

export function inScope(scope: RuleScope, message: MessageContext): boolean {
  return scopeFailures(scope, message).length === 0;
}

/** A hit on the normalised text, before mapping to the source. */
interface RawHit {
  kind: HitKind;
  matcher: string;
  start: number;
  end: number;
}

function occurrences(text: string, term: string): [number, number][] {
  const out: [number, number][] = [];
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1))
    out.push([at, at + term.length]);
  return out;
}

function excludedBy(exclusions: readonly string[], text: string, hit: RawHit): string | null {
  for (const exclusion of exclusions) {
    for (const [s, e] of occurrences(text, exclusion)) if (s < hit.end && hit.start < e) return exclusion;
  }
  return null;
}

interface ProximityResult {
  hits: RawHit[];
  /** Per clause that did not hit although both words occur: the closest they came. */
  tooFar: { label: string; distance: number; within: number }[];
}

function proximityHits(compiled: CompiledRule, text: string): ProximityResult {
  const hits: RawHit[] = [];
  const tooFar: ProximityResult['tooFar'] = [];
  for (const clause of compiled.proximity) {
    const as = occurrences(text, clause.a);
    const bs = occurrences(text, clause.b);
    if (as.length === 0 || bs.length === 0) continue;
    let closest = Infinity;
    let hit = false;
    for (const [as0, ae] of as) {
      for (const [bs0, be] of bs) {
        const gap = Math.max(0, bs0 >= ae ? bs0 - ae : as0 >= be ? as0 - be : 0);
        // Both in one field: the separator would count as a character otherwise.
        const from = Math.min(as0, bs0);
        const to = Math.max(ae, be);
        if (text.slice(from, to).includes(FIELD_SEPARATOR)) continue;
        closest = Math.min(closest, gap);
        if (gap <= clause.within) {
          hits.push({ kind: 'proximity', matcher: clause.label, start: from, end: to });
          hit = true;
        }
      }
    }
    if (!hit && closest < Infinity)
      tooFar.push({ label: clause.label, distance: closest, within: clause.within });
  }
  return { hits, tooFar };
}

function rawHits(
  compiled: CompiledRule,
  text: string,
  now: number,
): { hits: RawHit[]; tooFar: ProximityResult['tooFar'] } {
  const hits: RawHit[] = [];
  for (const term of compiled.terms) {
    for (const [start, end] of occurrences(text, term))
      hits.push({ kind: 'term', matcher: term, start, end });
  }
  const proximity = proximityHits(compiled, text);
  hits.push(...proximity.hits);
  if (compiled.regex) {
    const re = new RegExp(compiled.regex);
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0] === '') {
        re.lastIndex += 1;
        continue;
      }
      hits.push({
        kind: 'regex',
        matcher: compiled.regex.source,
        start: m.index,
        end: m.index + m[0].length,
      });
    }
  }
  for (const kind of compiled.patterns) {
    for (const match of scanPattern(kind, text, compiled.rule.urlDomains, now))
      hits.push({ kind: 'pattern', matcher: kind, start: match.start, end: match.end });
  }
  return { hits, tooFar: proximity.tooFar };
}

/** Which folds turn the text as written into its normalised form. */
export function foldsBetween(source: string): Fold[] {
  const folds: Fold[] = [];
  const nfkc = source.normalize('NFKC');
  if (nfkc !== source) folds.push('width');
  if (nfkc.toLowerCase() !== nfkc) folds.push('case');
  if (source.replace(/\s+/g, ' ') !== source) folds.push('space');
  return folds;
}

function toSource(mapped: MappedText, source: string, ruleId: string, raw: RawHit): RuleHit {
  const start = mapped.start[raw.start] as number;
  const end = mapped.end[raw.end - 1] as number;
  const matched = source.slice(start, end);
  return { ruleId, kind: raw.kind, matcher: raw.matcher, matched, start, end, folds: foldsBetween(matched) };
}

/**
 * The hits of a rule on a message's visible text (scope is the caller's business: see `matchMessage`).
 * `normalized` may be passed when already computed (the retroactive run); it must be normalizeText(source).
 */
export function matchText(
  compiled: CompiledRule,
  source: string,
  normalized?: string,
  now = Date.now(),
): RuleHit[] {
  const text = normalized ?? normalizeText(source);
  const { hits } = rawHits(compiled, text, now);
  const kept = hits.filter((hit) => excludedBy(compiled.exclusions, text, hit) === null);
  if (kept.length === 0) return [];
  const mapped = normalizeWithMap(source);
  const seen = new Set<string>();
  const out: RuleHit[] = [];
  for (const raw of kept.sort((a, b) => a.start - b.start || b.end - a.end)) {
    const key = `${raw.start}:${raw.end}:${raw.kind}:${raw.matcher}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(toSource(mapped, source, compiled.rule.id, raw));
  }
  return out;
}

/** Hits of a rule on a message, or none when the message is outside the rule's scope. */
export function matchMessage(compiled: CompiledRule, message: MessageContext, source: string): RuleHit[] {
  if (!inScope(compiled.rule.scope, message)) return [];
  return matchText(compiled, source);
}

/** Digits that look like a pattern but fail its validator: "why did this ID not hit". */
export interface PatternReject {
  kind: PatternKind;
  value: string;
  reason: 'checksum' | 'prefix' | 'luhn';
}

function patternRejects(patterns: readonly PatternKind[], text: string): PatternReject[] {
  const out: PatternReject[] = [];
  const runs = text.match(/\d{11,19}x?/g) ?? [];
  for (const value of runs) {
    if (
      patterns.includes('mobile') &&
      value.length === 11 &&
      value.startsWith('1') &&
      !isMainlandMobile(value)
    )
      out.push({ kind: 'mobile', value, reason: 'prefix' });
    if (patterns.includes('idcard') && value.length === 18 && !scanPattern('idcard', value).length)
      out.push({ kind: 'idcard', value, reason: 'checksum' });
    if (patterns.includes('bankcard') && value.length >= 16 && value.length <= 19 && !isBankCard(value))
      out.push({ kind: 'bankcard', value, reason: luhnValid(value) ? 'prefix' : 'luhn' });
  }
  return out;
}

/** Everything the editor's "test a message" box says about one rule and one message. */
export interface Explanation {
  scope: ScopeFailure[];
  /** Hits that count (present even when out of scope, to say "would hit, but…"). */
  hits: RuleHit[];
  /** Hits an exclusion suppressed, with the exclusion. */
  suppressed: { hit: RuleHit; exclusion: string }[];
  /** Proximity clauses whose words both occur, but too far apart. */
  tooFar: { label: string; distance: number; within: number }[];
  patternRejects: PatternReject[];
  /** The folded text the rule was matched against. */
  normalized: string;
  /** Whether an alert is raised: in scope and at least one hit. */
  raises: boolean;
}

export function explain(compiled: CompiledRule, message: MessageContext, source: string): Explanation {
  const text = normalizeText(source);
  const mapped = normalizeWithMap(source);
  const { hits, tooFar } = rawHits(compiled, text, Date.now());
  const kept: RuleHit[] = [];
  const suppressed: Explanation['suppressed'] = [];
  for (const raw of hits) {
    const exclusion = excludedBy(compiled.exclusions, text, raw);
    const hit = toSource(mapped, source, compiled.rule.id, raw);
    if (exclusion === null) kept.push(hit);
    else suppressed.push({ hit, exclusion });
  }
  const scope = scopeFailures(compiled.rule.scope, message);
  return {
    scope,
    hits: kept,
    suppressed,
    tooFar,
    patternRejects: patternRejects(compiled.patterns, text),
    normalized: text,
    raises: scope.length === 0 && kept.length > 0,
  };
}
