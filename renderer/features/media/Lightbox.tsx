import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { Portal } from '../../ui/Overlay';

export interface LightboxProps {
  src: string;
  alt: string;
  /** "Save as": an opaque attachment URL and the suggested name. */
  download: { url: string; fileName: string } | null;
  onClose(): void;
  /** The image did not load (a stale URL): the owner asks for a new one. */
  onError?: () => void;
}

const ZOOM_STEPS = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8];

/**
 * Full-window image viewer: zoom, rotate, save as. Esc closes; + / − zoom; R rotates. Rendered in a
 * portal at the document root (ui/Overlay.tsx): opened from a chat, its card sits in a transformed
 * virtual-list row, which would otherwise be what `position: fixed` is fixed to.
 */
export function Lightbox({ src, alt, download, onClose, onError }: LightboxProps) {
  const { t } = useTranslation();
  const [zoomIndex, setZoomIndex] = useState(3);
  const [rotation, setRotation] = useState(0);
  const imageRef = useRef<HTMLImageElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const zoom = ZOOM_STEPS[zoomIndex] ?? 1;

  // CSSOM, not a style attribute: the CSP has no 'unsafe-inline' for styles.
  useEffect(() => {
    if (imageRef.current) imageRef.current.style.transform = `rotate(${rotation}deg) scale(${zoom})`;
  }, [zoom, rotation]);

  useEffect(() => {
    dialogRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
      else if (event.key === '+' || event.key === '=')
        setZoomIndex((i) => Math.min(ZOOM_STEPS.length - 1, i + 1));
      else if (event.key === '-') setZoomIndex((i) => Math.max(0, i - 1));
      else if (event.key === 'r' || event.key === 'R') setRotation((r) => (r + 90) % 360);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <Portal>
      <div
        ref={dialogRef}
        className="lightbox"
        role="dialog"
        aria-modal="true"
        aria-label={t('media.lightbox.label')}
        tabIndex={-1}
      >
        <div className="lightbox__toolbar" role="toolbar" aria-label={t('media.lightbox.label')}>
          <Button onClick={() => setZoomIndex((i) => Math.max(0, i - 1))} disabled={zoomIndex === 0}>
            {t('media.lightbox.zoomOut')}
          </Button>
          <output className="lightbox__zoom" aria-live="polite">
            {t('media.lightbox.zoom', { percent: Math.round(zoom * 100) })}
          </output>
          <Button
            onClick={() => setZoomIndex((i) => Math.min(ZOOM_STEPS.length - 1, i + 1))}
            disabled={zoomIndex === ZOOM_STEPS.length - 1}
          >
            {t('media.lightbox.zoomIn')}
          </Button>
          <Button onClick={() => setRotation((r) => (r + 90) % 360)}>{t('media.lightbox.rotate')}</Button>
          <Button
            onClick={() => {
              setZoomIndex(3);
              setRotation(0);
            }}
          >
            {t('media.lightbox.reset')}
          </Button>
          {download ? (
            <a className="button button--secondary" href={download.url} download={download.fileName}>
              {t('media.action.saveAs')}
            </a>
          ) : null}
          <Button variant="primary" onClick={onClose}>
            {t('media.lightbox.close')}
          </Button>
        </div>
        <div className="lightbox__stage" onClick={onClose}>
          <img
            ref={imageRef}
            className="lightbox__image"
            src={src}
            alt={alt}
            data-zoom={zoom}
            data-rotation={rotation}
            onError={onError}
            onClick={(event) => event.stopPropagation()}
          />
        </div>
      </div>
    </Portal>
  );
}
