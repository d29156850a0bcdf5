import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../bridge';

export type SessionBlock = Extract<ConnectionState, 'no-session' | 'session-ended' | 'already-open'>;

export function isSessionBlock(state: ConnectionState): state is SessionBlock {
  return state === 'no-session' || state === 'session-ended' || state === 'already-open';
}

const keys = {
  'no-session': { title: 'session.noSessionTitle', body: 'session.noSessionBody' },
  'session-ended': { title: 'session.endedTitle', body: 'session.endedBody' },
  'already-open': { title: 'session.alreadyOpenTitle', body: 'session.alreadyOpenBody' },
} as const;

/**
 * Replaces the screens when this tab cannot be the app (browser shell, docs/security.md): no
 * session, every session ended after a one-time link was used twice, or another tab is the live UI.
 * Nothing of the archive is shown; the text says what to do next.
 */
export function SessionScreen({ state }: { state: SessionBlock }) {
  const { t } = useTranslation();
  return (
    <section className="screen welcome" role="alert" data-session-state={state}>
      <h1 className="welcome__title">{t(keys[state].title)}</h1>
      <p className="welcome__lead">{t(keys[state].body)}</p>
      {state === 'already-open' ? null : <p>{t('session.newLinkHint')}</p>}
    </section>
  );
}
