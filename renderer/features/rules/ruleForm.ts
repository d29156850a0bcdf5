import {
  emptyRuleDraft,
  exportWordList,
  parseWordList,
  type ChatKind,
  type Direction,
  type PatternKind,
  type ProximityClause,
  type RuleDraft,
  type Severity,
} from '../../rules';

/** The rule editor's fields as typed (lists as text), and the conversion both ways. */
export interface RuleForm {
  id?: string;
  name: string;
  severity: Severity;
  enabled: boolean;
  terms: string;
  exclusions: string;
  /** One clause a line: `A ~N B`. */
  proximity: string;
  regex: string;
  patterns: PatternKind[];
  urlDomains: string;
  corpIds: string[];
  chatKinds: ChatKind[];
  people: string;
  msgtypes: string;
  direction: Direction | '';
}

const list = (text: string) =>
  text
    .split(/[\s,，;；]+/)
    .map((v) => v.trim())
    .filter(Boolean);

export function parseProximity(text: string): { clauses: ProximityClause[]; bad: string[] } {
  const clauses: ProximityClause[] = [];
  const bad: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.trim() === '') continue;
    const m = /^\s*(.+?)\s*[~～]\s*(\d+)\s+(.+?)\s*$/.exec(line);
    if (m) clauses.push({ a: m[1] as string, within: Number(m[2]), b: m[3] as string });
    else bad.push(line.trim());
  }
  return { clauses, bad };
}

export function formToDraft(form: RuleForm): RuleDraft {
  const draft: RuleDraft = {
    ...emptyRuleDraft(),
    name: form.name,
    severity: form.severity,
    enabled: form.enabled,
    terms: parseWordList(form.terms),
    exclusions: parseWordList(form.exclusions),
    proximity: parseProximity(form.proximity).clauses,
    regex: form.regex,
    patterns: form.patterns,
    urlDomains: list(form.urlDomains),
    scope: {
      ...(form.corpIds.length ? { corpIds: form.corpIds } : {}),
      ...(form.chatKinds.length ? { chatKinds: form.chatKinds } : {}),
      ...(list(form.people).length ? { people: list(form.people) } : {}),
      ...(list(form.msgtypes).length ? { msgtypes: list(form.msgtypes) } : {}),
      ...(form.direction ? { direction: form.direction } : {}),
    },
  };
  if (form.id) draft.id = form.id;
  return draft;
}

export function draftToForm(draft: RuleDraft): RuleForm {
  const form: RuleForm = {
    name: draft.name,
    severity: draft.severity,
    enabled: draft.enabled,
    terms: exportWordList(draft.terms),
    exclusions: exportWordList(draft.exclusions),
    proximity: draft.proximity.map((p) => `${p.a} ~${p.within} ${p.b}`).join('\n'),
    regex: draft.regex,
    patterns: [...draft.patterns],
    urlDomains: draft.urlDomains.join(', '),
    corpIds: [...(draft.scope.corpIds ?? [])],
    chatKinds: [...(draft.scope.chatKinds ?? [])],
    people: (draft.scope.people ?? []).join(', '),
    msgtypes: (draft.scope.msgtypes ?? []).join(', '),
    direction: draft.scope.direction ?? '',
  };
  if (draft.id) form.id = draft.id;
  return form;
}
