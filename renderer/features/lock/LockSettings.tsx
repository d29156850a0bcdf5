import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppState } from '../../state';
import { Button } from '../../ui/Button';
import { Section } from '../../ui/Section';
import { useLock } from './LockGate';

const IDLE_CHOICES = [0, 1, 5, 10, 15, 30, 60];

/** Settings → App lock: set, change or turn off the passphrase, and the idle minutes. */
export function LockSettings() {
  const { t } = useTranslation();
  const controller = useLock();
  const configured = useAppState((state) => state.lockConfigured);
  const idle = useAppState((state) => state.lockIdleMinutes);
  const [current, setCurrent] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [idleMinutes, setIdleMinutes] = useState(idle ?? 10);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  if (!controller) return null;

  const clear = () => {
    setCurrent('');
    setPassphrase('');
    setRepeat('');
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (passphrase !== repeat) {
      setMessage({ tone: 'error', text: t('lock.settings.mismatch') });
      return;
    }
    const answer = await controller.configure({
      ...(configured ? { current } : {}),
      ...(passphrase ? { passphrase } : {}),
      idleMinutes,
    });
    clear();
    setMessage(
      answer.ok
        ? { tone: 'ok', text: t('lock.settings.saved') }
        : { tone: 'error', text: t(`lock.problem.${answer.error.detail ?? 'failed'}`) },
    );
  };
  const turnOff = async () => {
    const answer = await controller.remove(current);
    clear();
    setMessage(
      answer.ok
        ? { tone: 'ok', text: t('lock.settings.removed') }
        : { tone: 'error', text: t(`lock.problem.${answer.error.detail ?? 'failed'}`) },
    );
  };
  return (
    <Section title={t('lock.settings.title')} id="lock-settings">
      <p className="muted">{t('lock.settings.hint')}</p>
      <form className="form-grid" onSubmit={(event) => void save(event)}>
        {configured ? (
          <PassphraseField
            label={t('lock.settings.current')}
            autoComplete="current-password"
            value={current}
            onChange={setCurrent}
          />
        ) : null}
        <PassphraseField
          label={t('lock.settings.new')}
          autoComplete="new-password"
          value={passphrase}
          onChange={setPassphrase}
        />
        <PassphraseField
          label={t('lock.settings.repeat')}
          autoComplete="new-password"
          value={repeat}
          onChange={setRepeat}
        />
        <label className="field">
          <span className="field__label">{t('lock.settings.idle')}</span>
          <select
            className="input"
            value={idleMinutes}
            onChange={(e) => setIdleMinutes(Number(e.target.value))}
          >
            {IDLE_CHOICES.map((minutes) => (
              <option key={minutes} value={minutes}>
                {minutes === 0
                  ? t('lock.settings.idleNever')
                  : t('lock.settings.idleMinutes', { count: minutes })}
              </option>
            ))}
          </select>
        </label>
        <div className="button-row">
          <Button variant="primary" type="submit">
            {configured ? t('lock.settings.change') : t('lock.settings.set')}
          </Button>
          {configured ? (
            <Button type="button" onClick={() => void turnOff()}>
              {t('lock.settings.turnOff')}
            </Button>
          ) : null}
        </div>
        {message ? (
          <p role={message.tone === 'error' ? 'alert' : 'status'} data-testid="lock-settings-result">
            {message.text}
          </p>
        ) : null}
      </form>
    </Section>
  );
}

/** One masked passphrase input with its label; the browser's password manager is told which kind it is. */
function PassphraseField({
  label,
  autoComplete,
  value,
  onChange,
}: {
  label: string;
  autoComplete: 'current-password' | 'new-password';
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        className="input"
        type="password"
        autoComplete={autoComplete}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
