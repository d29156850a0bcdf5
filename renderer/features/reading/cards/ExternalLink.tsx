import { createContext, useCallback, useContext, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppState } from '../../../state';
import { Button } from '../../../ui/Button';
import { ModalDialog } from '../../../ui/Overlay';
import { linkConfirmation, safeHttpUrl } from './linkPolicy';

/**
 * Links in archived messages are untrusted: they are buttons, never `<a href>` (no navigation, no
 * `javascript:`), and open only after one confirmation that shows the full URL (linkPolicy.ts says
 * whose: main's dialog in Electron, this one in the browser shell and for refused URLs).
 */
const LinkContext = createContext<(url: string) => void>(() => undefined);

export function useOpenLink(): (url: string) => void {
  return useContext(LinkContext);
}

export function LinkConfirmProvider({ children }: { children: ReactNode }) {
  const [pending, setPending] = useState<string | null>(null);
  const shell = useAppState((state) => state.appInfo?.shell ?? null);
  const open = useCallback(
    (url: string) => {
      const safe = safeHttpUrl(url);
      if (safe && linkConfirmation(url, shell) === 'main')
        window.open(safe.href, '_blank', 'noopener,noreferrer');
      else setPending(url);
    },
    [shell],
  );
  return (
    <LinkContext.Provider value={open}>
      {children}
      {pending !== null ? <LinkConfirmDialog url={pending} onClose={() => setPending(null)} /> : null}
    </LinkContext.Provider>
  );
}

function LinkConfirmDialog({ url, onClose }: { url: string; onClose: () => void }) {
  const { t } = useTranslation();
  const safe = safeHttpUrl(url);
  const cancelRef = useRef<HTMLButtonElement>(null);
  // In a portal at the document root (ui/Overlay.tsx), like every overlay.
  return (
    <ModalDialog
      title={t('reading.link.title')}
      onClose={onClose}
      testId="link-confirm"
      initialFocus={cancelRef}
    >
      <p>{t('reading.link.message')}</p>
      <pre className="modal__url" data-testid="link-confirm-url">
        {safe ? safe.href : url}
      </pre>
      {safe ? null : (
        <p className="danger-text" data-testid="link-confirm-refused">
          {t('reading.link.refused')}
        </p>
      )}
      <div className="modal__actions">
        <button ref={cancelRef} type="button" className="button button--secondary" onClick={onClose}>
          {t('reading.link.cancel')}
        </button>
        {safe ? (
          <Button
            variant="primary"
            data-testid="link-confirm-open"
            onClick={() => {
              window.open(safe.href, '_blank', 'noopener,noreferrer');
              onClose();
            }}
          >
            {t('reading.link.open')}
          </Button>
        ) : null}
      </div>
    </ModalDialog>
  );
}

/** An inert link: the text as written, a button that asks before anything is opened. */
export function ExternalLink({ url, children }: { url: string; children?: ReactNode }) {
  const open = useOpenLink();
  return (
    <button type="button" className="inline-link" title={url} onClick={() => open(url)} data-url={url}>
      {children ?? url}
    </button>
  );
}
