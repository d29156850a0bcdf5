import { codePoints } from '../search/normalize';
import { compileRule, inScope, matchText, type CompiledRule, type MessageContext } from './matcher';
import type { Rule, RuleHit } from './model';

/**
 * Every enabled rule compiled once, with a prefilter for checking many messages (each new ingest
 * batch): a map from the first two characters of every term and proximity word to the rules that
 * use it, so a message is read once, position by position, instead of once per term. Only rules
 * that may match are run in full (matcher.ts), so hits and explanations are the same as the editor's.
 */
export class RuleSet {
  readonly compiled: CompiledRule[];
  /** First bigram (or the single character of a 1-character word) → rule indexes. */
  private readonly starts = new Map<string, number[]>();
  /** Rules that need a full look at every message in scope (regex, patterns). */
  private readonly always: number[] = [];
  private readonly singles = new Set<string>();

  constructor(rules: readonly Rule[]) {
    this.compiled = rules
      .filter((rule) => rule.enabled)
      .flatMap((rule) => {
        try {
          return [compileRule(rule)];
        } catch {
          // A rule whose regex no longer compiles (edited elsewhere) raises nothing rather than failing the set.
          return [];
        }
      });
    this.compiled.forEach((compiled, index) => {
      if (compiled.regex || compiled.patterns.length > 0) {
        this.always.push(index);
        return;
      }
      const words = [...compiled.terms, ...compiled.proximity.map((p) => p.a)];
      for (const word of words) {
        const cps = codePoints(word);
        const key = cps.length === 1 ? (cps[0] as string) : `${cps[0] as string}${cps[1] as string}`;
        if (cps.length === 1) this.singles.add(key);
        const list = this.starts.get(key);
        if (!list) this.starts.set(key, [index]);
        else if (list.at(-1) !== index) list.push(index);
      }
    });
  }

  get size(): number {
    return this.compiled.length;
  }

  /** Indexes of the rules that may match a normalised text. */
  private candidates(text: string): Set<number> {
    const found = new Set<number>(this.always);
    if (this.starts.size === 0) return found;
    let previous = '';
    for (const ch of text) {
      if (this.singles.has(ch)) for (const i of this.starts.get(ch) ?? []) found.add(i);
      if (previous !== '') {
        const list = this.starts.get(previous + ch);
        if (list) for (const i of list) found.add(i);
      }
      previous = ch;
    }
    return found;
  }

  /** Every hit of every rule on one message in their scopes; `normalized` = normalizeText(source). */
  match(message: MessageContext, source: string, normalized: string): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const index of this.candidates(normalized)) {
      const compiled = this.compiled[index] as CompiledRule;
      if (!inScope(compiled.rule.scope, message)) continue;
      hits.push(...matchText(compiled, source, normalized));
    }
    return hits;
  }
}
