import { useEffect, useMemo, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatDateTime, formatNumber } from '../../lib/formatTime';
import {
  CHAT_KINDS,
  compileRule,
  emptyRuleDraft,
  explain,
  PATTERN_KINDS,
  ruleHasMatchers,
  SEVERITIES,
  type ChatKind,
  type Explanation,
  type PreviewResult,
  type Rule,
  type RuleDraft,
} from '../../rules';
import { selectTimeZone, useAppState } from '../../state';
import { Button } from '../../ui/Button';
import { Checkbox } from '../../ui/Checkbox';
import { corpOptions, Select, type SelectOption } from '../../ui/OptionSelect';
import { HighlightedText } from '../alerts';
import { useAppServices } from '../appServices';
import { draftToForm, formToDraft, parseProximity, type RuleForm } from './ruleForm';

const PREVIEW_DELAY_MS = 300;

/** A draft as a rule the engine can run (preview, test box); null when it cannot match anything yet. */
function asRule(draft: RuleDraft): Rule | null {
  if (!ruleHasMatchers(draft)) return null;
  const rule: Rule = { ...draft, id: draft.id ?? 'draft', enabled: true, createdAt: 0, updatedAt: 0 };
  try {
    compileRule(rule);
  } catch {
    return null;
  }
  return rule;
}

function regexError(regex: string): string | null {
  try {
    compileRule({ ...asRuleStub(), regex });
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
/** Who sent a message: a member of staff or an external contact. */
function directionOptions(t: TFunction): SelectOption[] {
  return [
    { value: 'staff', label: t('rules.direction.staff') },
    { value: 'external', label: t('rules.direction.external') },
  ];
}

/** The rule's fields that are typed in as text. */
type RuleTextField =
  'name' | 'terms' | 'exclusions' | 'proximity' | 'regex' | 'urlDomains' | 'people' | 'msgtypes';

interface TextOptions {
  /** A textarea of that many rows; an input without. */
  rows?: number;
  placeholder?: string;
  error?: string | null;
  testId?: string;
  required?: boolean;
  spellCheck?: boolean;
}

const asRuleStub = (): Rule => ({ ...emptyRuleDraft(), id: 'stub', createdAt: 0, updatedAt: 0 });

/**
 * The rule editor (issue 12): every field of a rule, a live count over the stored archive with the
 * first 20 hits highlighted while typing, and a "test a message" box that explains why a message
 * does or does not raise an alert. Save runs the rule over the whole history.
 */
export function RuleEditor({
  initial,
  onSaved,
  onCancel,
}: {
  initial: RuleDraft;
  onSaved: (rule: Rule) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { rules } = useAppServices();
  const corps = useAppState((state) => state.corps);
  const timeZone = useAppState(selectTimeZone);
  const [form, setForm] = useState<RuleForm>(() => draftToForm(initial));
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [preview, setPreview] = useState<{ key: string; result: PreviewResult } | null>(null);
  const draft = useMemo(() => formToDraft(form), [form]);
  const rule = useMemo(() => asRule(draft), [draft]);
  const ruleKey = useMemo(() => JSON.stringify(rule), [rule]);
  const badProximity = parseProximity(form.proximity).bad;
  const badRegex = form.regex.trim() ? regexError(form.regex) : null;
  const locale = i18n.language;

  useEffect(() => {
    if (!rule) return;
    let stale = false;
    const timer = setTimeout(() => {
      rules.preview(rule).then(
        (result) => {
          if (!stale) setPreview({ key: ruleKey, result });
        },
        () => undefined,
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
    // The key stands for the rule's content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ruleKey, rules]);
  // The last answer stays shown (marked busy) while the next one is counted.
  const previewing = preview?.key !== ruleKey;
  const shown = preview?.result ?? null;

  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const toggle = <T,>(values: readonly T[], value: T) =>
    values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
  /** A text field of the rule under its label, and what is wrong with it (if anything) below. */
  const text = (key: RuleTextField, { rows, error, testId, ...input }: TextOptions = {}) => {
    const control = {
      value: form[key],
      onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set(key, e.target.value),
      'data-testid': testId,
      ...input,
    };
    return (
      <label>
        {t(`rules.field.${key}`)}
        {rows ? <textarea rows={rows} {...control} /> : <input {...control} />}
        {error ? (
          <span className="field__error" role="alert">
            {error}
          </span>
        ) : null}
      </label>
    );
  };
  /** One box of a multiple choice (patterns, corps, chat kinds): on adds the value, off removes it. */
  const choice = <K extends 'patterns' | 'corpIds' | 'chatKinds'>(
    key: K,
    value: RuleForm[K][number],
    label: string,
  ) => (
    <Checkbox
      key={value}
      className="rule-editor__check"
      label={label}
      checked={(form[key] as readonly string[]).includes(value)}
      onChange={() => set(key, toggle(form[key] as readonly string[], value) as RuleForm[K])}
    />
  );

  const save = async () => {
    setProblem(null);
    setSaving(true);
    try {
      onSaved(await rules.save(draft));
    } catch (error) {
      const code = (error as { code?: string }).code;
      setProblem(
        code
          ? t(`rules.error.${code}`, { defaultValue: (error as Error).message })
          : (error as Error).message,
      );
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="rule-editor"
      aria-label={t('rules.editor.title')}
      data-testid="rule-editor"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="rule-editor__grid">
        {text('name', { testId: 'rule-name', required: true })}
        <label>
          {t('rules.field.severity')}
          <Select
            value={form.severity}
            options={SEVERITIES.map((severity) => ({
              value: severity,
              label: t(`rules.severity.${severity}`),
            }))}
            onChange={(severity) => set('severity', severity as RuleForm['severity'])}
          />
        </label>
        <Checkbox
          className="rule-editor__check"
          label={t('rules.field.enabled')}
          checked={form.enabled}
          onChange={(enabled) => set('enabled', enabled)}
        />
        {text('terms', { rows: 6, placeholder: t('rules.field.termsHint'), testId: 'rule-terms' })}
        {text('exclusions', {
          rows: 3,
          placeholder: t('rules.field.exclusionsHint'),
          testId: 'rule-exclusions',
        })}
        {text('proximity', {
          rows: 2,
          placeholder: t('rules.field.proximityHint'),
          error:
            badProximity.length > 0
              ? t('rules.field.proximityBad', { lines: badProximity.join(' / ') })
              : null,
        })}
        {text('regex', {
          placeholder: t('rules.field.regexHint'),
          spellCheck: false,
          error: badRegex ? t('rules.field.regexBad', { reason: badRegex }) : null,
        })}
        <fieldset>
          <legend>{t('rules.field.patterns')}</legend>
          {PATTERN_KINDS.map((kind) => choice('patterns', kind, t(`rules.pattern.${kind}`)))}
          {form.patterns.includes('url')
            ? text('urlDomains', { placeholder: 'pan.baidu.com, example.com' })
            : null}
        </fieldset>
        <fieldset>
          <legend>{t('rules.field.scope')}</legend>
          {corps.length > 1 ? (
            <div>{corps.map((corp) => choice('corpIds', corp.corpid, corp.name || corp.corpid))}</div>
          ) : null}
          <div>{CHAT_KINDS.map((kind) => choice('chatKinds', kind, t(`rules.chatKind.${kind}`)))}</div>
          <label>
            {t('rules.field.direction')}
            <Select
              value={form.direction}
              emptyLabel={t('rules.direction.any')}
              options={directionOptions(t)}
              onChange={(direction) => set('direction', direction as RuleForm['direction'])}
            />
          </label>
          {text('people', { placeholder: 'zhangwei, wmXXXX' })}
          {text('msgtypes', { placeholder: 'text, file' })}
        </fieldset>
      </div>
      {problem ? (
        <p className="field__error" role="alert" data-testid="rule-problem">
          {problem}
        </p>
      ) : null}
      <div className="rule-editor__actions">
        <Button type="submit" variant="primary" busy={saving} data-testid="rule-save">
          {t('rules.editor.save')}
        </Button>
        <Button onClick={onCancel}>{t('rules.editor.cancel')}</Button>
      </div>

      <section
        className="rule-preview"
        aria-live="polite"
        aria-label={t('rules.preview.title')}
        data-testid="rule-preview"
      >
        <h3>{t('rules.preview.title')}</h3>
        {!rule ? (
          <p>{t('rules.preview.needMatchers')}</p>
        ) : shown ? (
          <>
            <p data-testid="rule-preview-count" data-count={shown.count} aria-busy={previewing}>
              {t('rules.preview.count', {
                hits: formatNumber(shown.count, locale),
                messages: formatNumber(shown.messages, locale),
                candidates: formatNumber(shown.candidates, locale),
              })}
            </p>
            <ol className="rule-preview__hits">
              {shown.hits.map((hit) => (
                <li key={`${hit.corpId}-${hit.msgid}`} data-testid="rule-preview-hit">
                  <span className="rule-preview__meta">
                    {hit.from} · {formatDateTime(hit.msgtime, locale, timeZone)}
                  </span>{' '}
                  <HighlightedText
                    text={hit.text}
                    spans={hit.hits.map((h) => ({ start: h.start, end: h.end, title: h.matcher }))}
                  />
                </li>
              ))}
            </ol>
          </>
        ) : (
          <p aria-busy>{t('rules.preview.counting')}</p>
        )}
      </section>
      <TestMessageBox rule={rule} />
    </form>
  );
}

/** "Test a message": a text and where it was said; says whether the rule raises an alert and why (not). */
function TestMessageBox({ rule }: { rule: Rule | null }) {
  const { t } = useTranslation();
  const corps = useAppState((state) => state.corps);
  const [text, setText] = useState('');
  const [chatKind, setChatKind] = useState<ChatKind | 'system'>('external');
  const [external, setExternal] = useState(false);
  const [msgtype, setMsgtype] = useState('text');
  const [from, setFrom] = useState('');
  const [corpId, setCorpId] = useState(corps[0]?.corpid ?? '');
  const result: Explanation | null = useMemo(() => {
    if (!rule || text === '') return null;
    return explain(
      compileRule(rule),
      { corpId, chatKind: chatKind === 'system' ? null : chatKind, from, msgtype, external },
      text,
    );
  }, [rule, text, chatKind, external, msgtype, from, corpId]);

  return (
    <section className="rule-test" aria-label={t('rules.test.title')} data-testid="rule-test">
      <h3>{t('rules.test.title')}</h3>
      <label>
        {t('rules.test.text')}
        <textarea
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="rule-test-text"
        />
      </label>
      <div className="rule-test__context">
        {corps.length > 1 ? (
          <label>
            {t('rules.test.corp')}
            <Select value={corpId} options={corpOptions(corps)} onChange={setCorpId} />
          </label>
        ) : null}
        <label>
          {t('rules.test.chatKind')}
          <Select
            value={chatKind}
            options={[...CHAT_KINDS, 'system' as const].map((kind) => ({
              value: kind,
              label: t(`rules.chatKind.${kind}`),
            }))}
            onChange={(kind) => setChatKind(kind as ChatKind | 'system')}
            data-testid="rule-test-chat-kind"
          />
        </label>
        <label>
          {t('rules.test.sender')}
          <Select
            value={external ? 'external' : 'staff'}
            options={directionOptions(t)}
            onChange={(direction) => setExternal(direction === 'external')}
          />
        </label>
        <label>
          {t('rules.test.senderId')}
          <input value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('rules.test.msgtype')}
          <input value={msgtype} onChange={(e) => setMsgtype(e.target.value)} />
        </label>
      </div>
      {result ? <ExplanationView result={result} text={text} /> : null}
    </section>
  );
}

function ExplanationView({ result, text }: { result: Explanation; text: string }) {
  const { t } = useTranslation();
  return (
    <div className="rule-test__result" data-testid="rule-test-result" data-raises={result.raises}>
      <p>
        <strong>{result.raises ? t('rules.test.raises') : t('rules.test.noAlert')}</strong>
      </p>
      {result.hits.length > 0 ? (
        <>
          <HighlightedText
            text={text}
            spans={result.hits.map((h) => ({ start: h.start, end: h.end }))}
            context={200}
          />
          <ul>
            {result.hits.map((hit, i) => (
              <li key={i}>
                {t('rules.test.hit', {
                  kind: t(`rules.hitKind.${hit.kind}`),
                  matcher: hit.kind === 'pattern' ? t(`rules.pattern.${hit.matcher}`) : hit.matcher,
                  matched: hit.matched,
                })}{' '}
                {hit.folds.length > 0
                  ? t('rules.test.folded', { folds: hit.folds.map((f) => t(`rules.fold.${f}`)).join(' + ') })
                  : t('rules.test.literal')}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('rules.test.noHit')}</p>
      )}
      <ul data-testid="rule-test-why">
        {result.scope.map((failure) => (
          <li key={failure.field}>
            {t(`rules.test.scope.${failure.field}`, {
              actual:
                failure.field === 'chatKind'
                  ? t(`rules.chatKind.${failure.actual}`)
                  : failure.field === 'direction'
                    ? t(`rules.direction.${failure.actual}`)
                    : failure.actual || '—',
              allowed: failure.allowed
                .map((a) =>
                  failure.field === 'chatKind'
                    ? t(`rules.chatKind.${a}`)
                    : failure.field === 'direction'
                      ? t(`rules.direction.${a}`)
                      : a,
                )
                .join(', '),
            })}
          </li>
        ))}
        {result.suppressed.map(({ hit, exclusion }, i) => (
          <li key={`x${i}`}>{t('rules.test.suppressed', { matched: hit.matched, exclusion })}</li>
        ))}
        {result.tooFar.map((far, i) => (
          <li key={`p${i}`}>{t('rules.test.tooFar', far)}</li>
        ))}
        {result.patternRejects.map((reject, i) => (
          <li key={`r${i}`}>
            {t(`rules.test.reject.${reject.reason}`, {
              pattern: t(`rules.pattern.${reject.kind}`),
              value: reject.value,
            })}
          </li>
        ))}
      </ul>
      <p className="rule-test__normalized">
        {t('rules.test.normalized')} <code>{result.normalized}</code>
      </p>
    </div>
  );
}
