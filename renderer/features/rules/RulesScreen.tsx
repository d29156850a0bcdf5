import { useLiveQuery } from 'dexie-react-hooks';
import { useState, useSyncExternalStore, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/formatTime';
import {
  emptyRuleDraft,
  exportRulesJson,
  exportWordList,
  importRulesJson,
  listRules,
  parseWordList,
  rulesTables,
  type Rule,
  type RuleDraft,
} from '../../rules';
import { useAppState } from '../../state';
import { Button } from '../../ui/Button';
import { FilePicker } from '../../ui/FilePicker';
import { InlineConfirm } from '../../ui/InlineConfirm';
import { ProgressBar } from '../../ui/ProgressBar';
import { ScreenSection } from '../../ui/ScreenSection';
import { downloadText } from '../../lib/downloadText';
import { useAppServices } from '../appServices';
import { RuleEditor } from './RuleEditor';
import type { RunState } from './rulesController';
import './rules.css';

/**
 * The Rules screen (issue 12): the officers' lexicon rules with their alert counts, the editor,
 * imports (JSON, word list) and exports, and the retroactive run's progress with cancel.
 */
export function RulesScreen() {
  const { t, i18n } = useTranslation();
  const { db, rules: controller } = useAppServices();
  const setView = useAppState((state) => state.setView);
  const rules = useLiveQuery(() => listRules(db), [db]);
  const counts = useLiveQuery(async () => {
    const out = new Map<string, { open: number; all: number }>();
    await rulesTables(db).alerts.each((row) => {
      for (const id of row.ruleIds) {
        const c = out.get(id) ?? { open: 0, all: 0 };
        c.all += 1;
        if (row.status === 'open') c.open += 1;
        out.set(id, c);
      }
    });
    return out;
  }, [db]);
  const run = useSyncExternalStore(controller.subscribe, controller.runState);
  const [editing, setEditing] = useState<RuleDraft | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [importProblem, setImportProblem] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const locale = i18n.language;

  /** The file just chosen (the input is cleared so the same file can be chosen again). */
  const chosen = (event: ChangeEvent<HTMLInputElement>): File | null => {
    const file = event.target.files?.[0] ?? null;
    event.target.value = '';
    if (file) {
      setFileName(file.name);
      setImportProblem(null);
    }
    return file;
  };

  const importJson = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = chosen(event);
    if (!file) return;
    try {
      await controller.importDrafts(importRulesJson(await file.text()), 'json');
    } catch (error) {
      setImportProblem(t('rules.import.failed', { reason: (error as Error).message }));
    }
  };

  const importWords = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = chosen(event);
    if (!file) return;
    // UTF-8 (a BOM is dropped by the parser); the terms open in the editor to be tuned before saving.
    const terms = parseWordList(new TextDecoder('utf-8').decode(await file.arrayBuffer()));
    if (terms.length === 0) {
      setImportProblem(t('rules.import.noTerms'));
      return;
    }
    setEditing({ ...emptyRuleDraft(), name: file.name.replace(/\.[^.]+$/, ''), terms });
  };

  return (
    <ScreenSection
      id="rules"
      testId="rules-screen"
      className="rules-screen"
      landmark
      title={t('rules.title')}
      actions={
        <>
          <Button variant="primary" onClick={() => setEditing(emptyRuleDraft())} data-testid="rule-new">
            {t('rules.new')}
          </Button>
          <Button onClick={() => setView('alerts')}>{t('rules.toAlerts')}</Button>
        </>
      }
    >
      <p className="rules-screen__intro">{t('rules.intro')}</p>
      <div className="rules-screen__io">
        <label>
          {t('rules.import.wordList')}{' '}
          <FilePicker
            accept=".txt,text/plain"
            fileName={null}
            onChange={(e) => void importWords(e)}
            aria-describedby="rules-io-hint"
          />
        </label>
        <label>
          {t('rules.import.json')}{' '}
          <FilePicker accept=".json,application/json" fileName={null} onChange={(e) => void importJson(e)} />
        </label>
        <Button
          disabled={!rules?.length}
          onClick={() => downloadText('rules.json', 'application/json', exportRulesJson(rules ?? []))}
        >
          {t('rules.export.json')}
        </Button>
        <span id="rules-io-hint" className="field__hint">
          {fileName ? t('rules.import.chosen', { name: fileName }) : t('rules.import.hint')}
        </span>
      </div>
      {importProblem ? (
        <p className="field__error" role="alert">
          {importProblem}
        </p>
      ) : null}
      {run ? <RunPanel run={run} onCancel={() => controller.cancel()} /> : null}
      {editing ? (
        <RuleEditor
          key={editing.id ?? `new-${editing.name}-${editing.terms.length}`}
          initial={editing}
          onSaved={() => setEditing(null)}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      {rules && rules.length > 0 ? (
        <table className="rules-table" data-testid="rules-table">
          <thead>
            <tr>
              <th scope="col">{t('rules.column.name')}</th>
              <th scope="col">{t('rules.column.severity')}</th>
              <th scope="col">{t('rules.column.matchers')}</th>
              <th scope="col">{t('rules.column.alerts')}</th>
              <th scope="col">{t('rules.column.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <RuleRow
                key={rule.id}
                rule={rule}
                open={counts?.get(rule.id)?.open ?? 0}
                all={counts?.get(rule.id)?.all ?? 0}
                locale={locale}
                deleting={deleting === rule.id}
                onEdit={() => setEditing(rule)}
                onRun={() => controller.start([rule])}
                onDelete={() => setDeleting(rule.id)}
                onDeleteConfirm={() => {
                  setDeleting(null);
                  void controller.remove(rule);
                }}
                onDeleteCancel={() => setDeleting(null)}
              />
            ))}
          </tbody>
        </table>
      ) : rules ? (
        <p>{t('rules.none')}</p>
      ) : null}
    </ScreenSection>
  );
}

function RuleRow(props: {
  rule: Rule;
  open: number;
  all: number;
  locale: string;
  deleting: boolean;
  onEdit: () => void;
  onRun: () => void;
  onDelete: () => void;
  onDeleteConfirm: () => void;
  onDeleteCancel: () => void;
}) {
  const { t } = useTranslation();
  const { rule } = props;
  const matchers = [
    rule.terms.length ? t('rules.summary.terms', { n: rule.terms.length }) : null,
    rule.proximity.length ? t('rules.summary.proximity', { n: rule.proximity.length }) : null,
    rule.regex ? t('rules.summary.regex') : null,
    ...rule.patterns.map((p) => t(`rules.pattern.${p}`)),
  ].filter(Boolean);
  return (
    <tr data-testid="rule-row" data-rule-id={rule.id}>
      <th scope="row">
        {rule.name}
        {rule.enabled ? null : <span className="rules-table__off"> ({t('rules.disabled')})</span>}
      </th>
      <td>{t(`rules.severity.${rule.severity}`)}</td>
      <td>{matchers.join(' · ')}</td>
      <td data-testid="rule-alert-count">
        {t('rules.alertCount', {
          open: formatNumber(props.open, props.locale),
          all: formatNumber(props.all, props.locale),
        })}
      </td>
      <td className="rules-table__actions">
        {props.deleting ? (
          <InlineConfirm
            question={t('rules.deleteQuestion', { name: rule.name })}
            onConfirm={props.onDeleteConfirm}
            onCancel={props.onDeleteCancel}
          />
        ) : (
          <>
            <Button onClick={props.onEdit}>{t('rules.edit')}</Button>
            <Button onClick={props.onRun}>{t('rules.runAgain')}</Button>
            <Button
              disabled={rule.terms.length === 0}
              onClick={() =>
                downloadText(`${rule.name}.txt`, 'text/plain;charset=utf-8', exportWordList(rule.terms))
              }
            >
              {t('rules.export.wordList')}
            </Button>
            <Button variant="danger" onClick={props.onDelete}>
              {t('rules.delete')}
            </Button>
          </>
        )}
      </td>
    </tr>
  );
}

function RunPanel({ run, onCancel }: { run: RunState; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const p = run.progress;
  const names = run.names.join('、');
  return (
    <div className="rules-run" data-testid="rules-run" data-status={run.status} aria-live="polite">
      {run.status === 'running' ? (
        <>
          <ProgressBar
            value={p?.done ?? 0}
            max={p?.total ?? 0}
            label={t('rules.run.running', { names })}
            detail={
              p
                ? t('rules.run.detail', {
                    done: formatNumber(p.done, locale),
                    total: formatNumber(p.total, locale),
                    rate: formatNumber(p.msgsPerSec, locale),
                    eta: formatNumber(Math.ceil(p.etaMs / 1000), locale),
                    found: formatNumber(p.found, locale),
                  })
                : t('rules.run.starting')
            }
          />
          <Button onClick={onCancel} data-testid="rules-run-cancel">
            {t('rules.run.cancel')}
          </Button>
        </>
      ) : run.status === 'done' && run.result ? (
        <p data-testid="rules-run-done">
          {t('rules.run.done', {
            names,
            found: formatNumber(run.result.found, locale),
            messages: formatNumber(run.result.messages, locale),
            seconds: (run.result.ms / 1000).toFixed(1),
          })}
        </p>
      ) : run.status === 'cancelled' ? (
        <p>{t('rules.run.cancelled', { names })}</p>
      ) : (
        <p role="alert">{t('rules.run.failed', { names, reason: run.error ?? '' })}</p>
      )}
    </div>
  );
}
