import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CorpDto, LibraryChoiceDto, Result } from '../../../main/contract';
import { describeArchiveError, describeFieldError } from '../../i18n/describeErrors';
import { useAppState } from '../../state';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Checkbox } from '../../ui/Checkbox';
import { Field } from '../../ui/Field';
import { Section } from '../../ui/Section';
import { useAppServices } from '../appServices';
import { corpAuditView } from '../audit';
import { formValuesOf, toCorpInput, validateCorpForm } from './corpForm';
import type { CorpFormField, CorpFormProblems, CorpFormValues } from './corpForm';
import { SubmitRow, type FormOutcome } from './SubmitRow';

/** The optional secrets: the form's box that clears each, and the corp's flag that one is stored. */
const STORED_SECRETS = {
  contactSecret: { clear: 'clearContactSecret', stored: 'hasContactSecret' },
  proxyCredentials: { clear: 'clearProxyCredentials', stored: 'hasProxyCredentials' },
} as const;

type TextField = { [K in CorpFormField]: CorpFormValues[K] extends string ? K : never }[CorpFormField];

/** Add or edit a corp. Secrets are write-only: the form shows only whether one is stored. */
export function CorpForm({
  corp,
  justCreated = false,
  onCreated,
}: {
  corp: CorpDto | null;
  /** The form was remounted for a corp this screen just added: say it was saved. */
  justCreated?: boolean;
  onCreated?: (corp: CorpDto) => void;
}) {
  const { t } = useTranslation();
  const { archive, auditTrail } = useAppServices();
  const editCorp = useAppState((state) => state.editCorp);
  const [values, setValues] = useState<CorpFormValues>(() => formValuesOf(corp));
  const [problems, setProblems] = useState<CorpFormProblems>({});
  const [serverField, setServerField] = useState<{ field: string; text: string } | null>(null);
  const [outcome, setOutcome] = useState<FormOutcome | null>(() =>
    justCreated ? { tone: 'success', text: t('settings.form.saved') } : null,
  );
  const [saving, setSaving] = useState(false);
  const shell = useAppState((state) => state.appInfo?.shell ?? null);
  /** Library files main confirmed in this form (path → SHA-256); the stored one counts too. */
  const [confirmedLibraries, setConfirmedLibraries] = useState<Record<string, string>>(() =>
    corp?.libraryPath && corp.librarySha256 ? { [corp.libraryPath]: corp.librarySha256 } : {},
  );
  const [challenge, setChallenge] = useState<Extract<LibraryChoiceDto, { state: 'code-required' }> | null>(
    null,
  );
  const [code, setCode] = useState('');
  const [libraryProblem, setLibraryProblem] = useState<string | null>(null);
  const [choosing, setChoosing] = useState(false);
  const libraryPath = values.libraryPath.trim();
  const confirmedSha = libraryPath ? confirmedLibraries[libraryPath] : undefined;

  /** Main chose and confirmed the library (dialog), or asks for the code it printed (browser shell). */
  const onLibraryAnswer = (answer: Result<LibraryChoiceDto>) => {
    if (!answer.ok) {
      setLibraryProblem(describeArchiveError(t, answer.error));
      return;
    }
    const choice = answer.value;
    if (choice.state === 'code-required') {
      setChallenge(choice);
      setCode('');
    } else if (choice.state === 'confirmed') {
      setChallenge(null);
      setConfirmedLibraries((known) => ({ ...known, [choice.libraryPath]: choice.sha256 }));
      set('libraryPath', choice.libraryPath);
    }
  };

  const chooseLibrary = async () => {
    setLibraryProblem(null);
    setChoosing(true);
    try {
      onLibraryAnswer(await archive.chooseLibrary(libraryPath ? { libraryPath } : {}));
    } finally {
      setChoosing(false);
    }
  };

  const submitCode = async () => {
    if (!challenge) return;
    setLibraryProblem(null);
    const answer = await archive.confirmLibraryCode({ challengeId: challenge.challengeId, code });
    if (!answer.ok && answer.error.detail !== 'wrong-code') setChallenge(null);
    onLibraryAnswer(answer);
  };

  const set = <F extends CorpFormField>(field: F, value: CorpFormValues[F]) =>
    setValues((previous) => ({ ...previous, [field]: value }));

  const errorOf = (field: CorpFormField): string | null => {
    const problem = problems[field];
    if (problem) return problem.params ? t(problem.key, problem.params) : t(problem.key);
    return serverField?.field === field ? serverField.text : null;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(null);
    setServerField(null);
    const found = validateCorpForm(values, corp);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      const answer = await archive.saveCorp(toCorpInput(values, corp));
      if (answer.ok) {
        void auditTrail.append(
          'corp.saved',
          { corpId: answer.value.id },
          { before: corp ? corpAuditView(corp) : null, after: corpAuditView(answer.value) },
        );
        setValues(formValuesOf(answer.value));
        setOutcome({ tone: 'success', text: t('settings.form.saved') });
        if (!corp) onCreated?.(answer.value);
        return;
      }
      const { error } = answer;
      if (error.code === 'secret-required' && error.field) {
        setServerField({ field: error.field, text: t('settings.fieldError.secretAgain') });
      } else if (error.field && (error.code === 'corp-invalid' || error.code === 'invalid-request')) {
        setServerField({
          field: error.field,
          text: `${describeFieldError(t, error.field, error.detail)} (${error.message})`,
        });
      }
      setOutcome({
        tone: 'danger',
        text: t('settings.form.saveFailed', { message: describeArchiveError(t, error) }),
      });
    } finally {
      setSaving(false);
    }
  };

  const text = (field: TextField, label: string, hint?: ReactNode, type = 'text') => (
    <Field label={label} hint={hint} error={errorOf(field)}>
      {({ control }) => (
        <input
          {...control}
          className="input"
          type={type}
          value={values[field]}
          onChange={(event) => set(field, event.target.value)}
          autoComplete={type === 'password' ? 'new-password' : 'off'}
          spellCheck={false}
        />
      )}
    </Field>
  );

  const storedHint = (stored: boolean, hint: string) =>
    stored ? `${t('settings.form.stored')}. ${hint}` : hint;

  /**
   * A secret main may already hold (it never comes back to the form): a field for a new value and,
   * when one is stored, a box to clear it.
   */
  const storedSecret = (field: keyof typeof STORED_SECRETS, label: string, hint: string) => {
    const { clear, stored } = STORED_SECRETS[field];
    const isStored = corp?.[stored] ?? false;
    return (
      <div>
        {text(field, label, storedHint(isStored, hint), 'password')}
        {isStored ? (
          <Checkbox
            label={t('settings.form.clearStored')}
            checked={values[clear]}
            onChange={(checked) => set(clear, checked)}
          />
        ) : null}
      </div>
    );
  };

  return (
    <Section
      id="corp-form"
      title={corp ? t('settings.form.titleEdit', { name: corp.name }) : t('settings.form.titleNew')}
    >
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="form__grid">
          {text('corpid', t('settings.form.corpid'), t('settings.form.corpidHint'))}
          {text('name', t('settings.form.name'))}
          {text(
            'secret',
            t('settings.form.secret'),
            corp
              ? `${storedHint(corp.hasSecret, t('settings.form.secretHint'))} ${t('settings.form.destinationHint')}`
              : t('settings.form.secretHint'),
            'password',
          )}
          {storedSecret(
            'contactSecret',
            t('settings.form.contactSecret'),
            t('settings.form.contactSecretHint'),
          )}
          {corp?.isDemo ? (
            <p className="muted">{t('settings.form.libraryPathDemo')}</p>
          ) : (
            <div>
              {text('libraryPath', t('settings.form.libraryPath'), t('settings.form.libraryPathHint'))}
              <div className="button-row">
                <Button busy={choosing} onClick={() => void chooseLibrary()}>
                  {shell === 'web' ? t('settings.form.confirmLibrary') : t('settings.form.chooseLibrary')}
                </Button>
              </div>
              <p className="muted" data-testid="library-trust">
                {confirmedSha
                  ? t('settings.form.libraryConfirmed', { sha256: confirmedSha })
                  : t('settings.form.libraryNotConfirmed')}
              </p>
              {challenge ? (
                <div className="library-code">
                  <p className="muted">
                    {t('settings.form.libraryCodeFor', {
                      path: challenge.libraryPath,
                      sha256: challenge.sha256,
                    })}
                  </p>
                  <Field label={t('settings.form.libraryCode')} hint={t('settings.form.libraryCodeHint')}>
                    {({ id, describedBy }) => (
                      <input
                        id={id}
                        className="input"
                        value={code}
                        onChange={(event) => setCode(event.target.value)}
                        aria-describedby={describedBy}
                        autoComplete="off"
                        spellCheck={false}
                      />
                    )}
                  </Field>
                  <Button variant="primary" onClick={() => void submitCode()}>
                    {t('settings.form.libraryCodeSubmit')}
                  </Button>
                </div>
              ) : null}
              {libraryProblem ? <Banner tone="danger">{libraryProblem}</Banner> : null}
            </div>
          )}
          {text('apiBaseUrl', t('settings.form.apiBaseUrl'), t('settings.form.apiBaseUrlHint'))}
          {text('proxyUrl', t('settings.form.proxyUrl'), t('settings.form.proxyUrlHint'))}
          {storedSecret(
            'proxyCredentials',
            t('settings.form.proxyCredentials'),
            t('settings.form.proxyCredentialsHint'),
          )}
          {text('timeoutSec', t('settings.form.timeoutSec'), undefined, 'number')}
          {text('batchLimit', t('settings.form.batchLimit'), t('settings.form.batchLimitHint'), 'number')}
          <fieldset className="fieldset">
            <legend className="field__label">{t('settings.form.schedule')}</legend>
            <label className="checkbox">
              <input
                type="radio"
                name="schedule"
                checked={!values.scheduled}
                onChange={() => set('scheduled', false)}
              />
              {t('settings.form.scheduleManual')}
            </label>
            <label className="checkbox">
              <input
                type="radio"
                name="schedule"
                checked={values.scheduled}
                onChange={() => set('scheduled', true)}
              />
              {t('settings.form.scheduleEvery')}
            </label>
            {values.scheduled
              ? text(
                  'scheduleMinutes',
                  t('settings.form.scheduleMinutes'),
                  t('settings.form.scheduleHint'),
                  'number',
                )
              : null}
          </fieldset>
        </div>
        <SubmitRow outcome={outcome} label={t('settings.form.save')} busy={saving}>
          <Button variant="ghost" onClick={() => editCorp(null)}>
            {t('common.close')}
          </Button>
        </SubmitRow>
      </form>
    </Section>
  );
}
