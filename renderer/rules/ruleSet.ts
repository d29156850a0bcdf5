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
  /** First two UTF-16 units of every word (as one number) → rule indexes. */
  private readonly starts = new Map<number, number[]>();
  /** First unit of 1-unit words → rule indexes. */
  private readonly singles = new Map<number, number[]>();
  /** Rules that need a full look at every message in scope (regex, patterns). */
  private readonly always: number[] = [];

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
        const first = word.charCodeAt(0);
        const map = word.length === 1 ? this.singles : this.starts;
        const key = word.length === 1 ? first : first * 0x10000 + word.charCodeAt(1);
        const list = map.get(key);
        if (!list) map.set(key, [index]);
        else if (list.at(-1) !== index) list.push(index);
      }
    });
  }

  get size(): number {
    return this.compiled.length;
  }

  /** Indexes of the rules that may match a normalised text (one pass over its UTF-16 units). */
  private candidates(text: string): Set<number> {
    const found = new Set<number>(this.always);
    if (this.starts.size === 0 && this.singles.size === 0) return found;
    const n = text.length;
    let previous = n > 0 ? text.charCodeAt(0) : 0;
    for (let i = 0; i < n; i += 1) {
      const unit = previous;
      if (this.singles.size > 0) for (const r of this.singles.get(unit) ?? []) found.add(r);
      if (i + 1 < n) {
        previous = text.charCodeAt(i + 1);
        const list = this.starts.get(unit * 0x10000 + previous);
        if (list) for (const r of list) found.add(r);
      }
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
