import { useEffect, useId, useRef, type ReactNode, type RefObject, type SyntheticEvent } from 'react';
import { createPortal } from 'react-dom';

/**
 * Every overlay (the image viewer, dialogs, menus) renders here, at the document root: a
 * `position: fixed` element inside a transformed ancestor — a virtual-list row is one — is fixed to
 * that ancestor, not to the window, and comes out as a clipped strip.
 *
 * React still bubbles events from a portal through the component tree, so the overlay stops clicks at
 * its edge: a click in the viewer is not also a click on the message row it was opened from. Keys are
 * left alone: stopping a synthetic event stops the native one too, and overlays listen for Escape on
 * the window.
 */
const stop = (event: SyntheticEvent) => event.stopPropagation();

export function Portal({ children }: { children: ReactNode }) {
  return createPortal(
    <div className="overlay-root" onClick={stop} onMouseDown={stop} onPointerDown={stop}>
      {children}
    </div>,
    document.body,
  );
}

/**
 * A modal dialog in a portal: a dimmed backdrop, the focus moved into it (to `initialFocus` when
 * given) and back where it was on close, Escape closes. It is named by `title`, shown as its heading,
 * or by `labelledBy`, the id of a heading inside content that is also shown elsewhere.
 */
export function ModalDialog({
  title,
  labelledBy,
  onClose,
  children,
  role = 'dialog',
  testId,
  initialFocus,
}: ({ title: ReactNode; labelledBy?: never } | { labelledBy: string; title?: never }) & {
  onClose: () => void;
  children: ReactNode;
  role?: 'dialog' | 'alertdialog';
  testId?: string | undefined;
  initialFocus?: RefObject<HTMLElement | null> | undefined;
}) {
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    (initialFocus?.current ?? dialogRef.current)?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onCloseRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      before?.focus();
    };
  }, [initialFocus]);
  return (
    <Portal>
      <div className="modal-backdrop">
        <div
          ref={dialogRef}
          className="modal"
          role={role}
          aria-modal="true"
          aria-labelledby={labelledBy ?? titleId}
          tabIndex={-1}
          data-testid={testId}
        >
          {labelledBy === undefined ? <h2 id={titleId}>{title}</h2> : null}
          {children}
        </div>
      </div>
    </Portal>
  );
}
