import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AppStoreContext, useAppState, type AppStore } from '../../state';
import { Button } from '../../ui/Button';
import { useAppServices } from '../appServices';
import { idleExpired, LockController, type UnlockOutcome } from './lockController';
import './lock.css';

const LockContext = createContext<LockController | null>(null);

/** The lock controller the gate built (header button, Settings). */
export function useLock(): LockController | null {
  return useContext(LockContext);
}

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * Stands in front of the whole app (docs/security.md §9): until main says the app is unlocked nothing
 * else renders, and while locked only the lock screen is in the DOM. Also locks on Ctrl+L and after
 * the idle minutes set in Settings.
 */
export function LockGate({ children }: { children: ReactNode }) {
  const services = useAppServices();
  const store = useContext(AppStoreContext);
  const locked = useAppState((state) => state.locked);
  const configured = useAppState((state) => state.lockConfigured);
  const idleMinutes = useAppState((state) => state.lockIdleMinutes);
  const controller = useMemo(
    () =>
      new LockController({
        archive: services.archive,
        store: store as AppStore,
        dataKey: services.dataKey,
        auditTrail: services.auditTrail,
        reload: () => window.location.reload(),
      }),
    [services, store],
  );
  useEffect(() => {
    void controller.start();
  }, [controller]);

  // Ctrl+L locks; any input counts as activity for the idle lock.
  useEffect(() => {
    if (!configured || locked !== false) return;
    let last = Date.now();
    const active = () => {
      last = Date.now();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey && !event.altKey && !event.metaKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        void controller.lock();
      }
    };
    for (const name of ACTIVITY) window.addEventListener(name, active, { passive: true });
    window.addEventListener('keydown', onKey);
    const timer = window.setInterval(() => {
      if (idleExpired(last, Date.now(), idleMinutes)) void controller.lock();
    }, 15_000);
    return () => {
      for (const name of ACTIVITY) window.removeEventListener(name, active);
      window.removeEventListener('keydown', onKey);
      window.clearInterval(timer);
    };
  }, [controller, configured, locked, idleMinutes]);

  return (
    <LockContext.Provider value={controller}>
      {locked === null ? null : locked ? <LockScreen controller={controller} /> : children}
    </LockContext.Provider>
  );
}

function LockScreen({ controller }: { controller: LockController }) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const [outcome, setOutcome] = useState<UnlockOutcome | 'busy' | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome('busy');
    const result = await controller.unlock(passphrase);
    setPassphrase('');
    setOutcome(result === 'ok' ? null : result);
  };
  return (
    <main className="lock-screen" data-testid="lock-screen">
      <form className="lock-screen__card" onSubmit={(event) => void submit(event)}>
        <h1>{t('lock.title')}</h1>
        <p className="muted">{t('lock.hint')}</p>
        <label className="field__label" htmlFor="lock-passphrase">
          {t('lock.passphrase')}
        </label>
        <input
          id="lock-passphrase"
          className="input"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={passphrase}
          onChange={(event) => setPassphrase(event.target.value)}
        />
        {outcome && outcome !== 'busy' ? (
          <p className="field__error" role="alert" data-testid="lock-error">
            {t(`lock.problem.${outcome}`)}
          </p>
        ) : null}
        <Button variant="primary" type="submit" disabled={outcome === 'busy' || passphrase === ''}>
          {t('lock.unlock')}
        </Button>
      </form>
    </main>
  );
}

/** The header's lock button (shown once a passphrase is set). */
export function LockButton() {
  const { t } = useTranslation();
  const controller = useLock();
  const configured = useAppState((state) => state.lockConfigured);
  if (!controller || !configured) return null;
  return (
    <Button variant="ghost" onClick={() => void controller.lock()} title={t('lock.lockNowHint')}>
      {t('lock.lockNow')}
    </Button>
  );
}
