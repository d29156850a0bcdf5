import { useState, type ReactNode } from 'react';
import { Button } from '../../ui/Button';
import { useAppServices } from '../appServices';
import { useMediaConnection } from './useMedia';

/**
 * "Save as…" for a downloaded item under a suggested name. The URL is asked for when clicked, not
 * when the card appeared: main may have given an earlier one up. `purpose: 'play'` saves a voice
 * decoded to WAV, `download` the original bytes.
 */
export function SaveButton({
  corpId,
  sdkfileid,
  purpose,
  fileName,
  children,
  testId,
}: {
  corpId: string;
  sdkfileid: string;
  purpose: 'download' | 'play';
  fileName: string | null;
  children: ReactNode;
  testId?: string;
}) {
  const { media } = useAppServices();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The card's status line says why (MediaStatus); nothing can be fetched while main is out of reach.
  const { offline } = useMediaConnection();
  return (
    <>
      <Button
        data-testid={testId}
        data-file-name={fileName ?? ''}
        busy={busy}
        disabled={fileName === null || offline}
        onClick={() => {
          if (fileName === null) return;
          setProblem(null);
          setBusy(true);
          media.forgetSource(corpId, sdkfileid, purpose, fileName);
          media
            .source(corpId, sdkfileid, purpose, fileName)
            .then((fresh) => {
              const link = document.createElement('a');
              link.href = fresh.url;
              link.download = fileName;
              link.rel = 'noopener';
              document.body.append(link);
              link.click();
              link.remove();
            })
            .catch((error: unknown) => setProblem(error instanceof Error ? error.message : String(error)))
            .finally(() => setBusy(false));
        }}
      >
        {children}
      </Button>
      {problem ? <span className="media-status__failure">{problem}</span> : null}
    </>
  );
}
