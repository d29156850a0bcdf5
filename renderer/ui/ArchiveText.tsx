import type { ReactNode } from 'react';
import { controlSegments } from '../../main/common/text/controls';

/**
 * Strings from the archive were written by anyone who chatted with the company. Each is rendered in
 * its own bidi-isolated element, so its direction (and any override inside it) cannot reorder the
 * text around it.
 */
export function Isolated({ text, className }: { text: string; className?: string }) {
  return (
    <bdi dir="auto" className={className}>
      {text}
    </bdi>
  );
}

/**
 * A file name, id or other string where a hidden character would mislead: isolated, and every
 * invisible or bidi control shown as a marked `<U+202E>` instead of acting (`invoice<U+202E>fdp.exe`
 * reads as what it is, not as "invoiceexe.pdf"). The control itself is not in the DOM.
 */
export function ShownControls({ text, className }: { text: string; className?: string }) {
  return (
    <bdi dir="auto" className={className}>
      {withShownControls(text)}
    </bdi>
  );
}

/**
 * The text's nodes with each control as a marked `<U+…>`, for a caller that isolates the whole
 * (e.g. a search snippet cut into highlighted parts: one isolate around all of them).
 */
export function withShownControls(text: string): ReactNode[] {
  return controlSegments(text).map((segment, index) =>
    segment.control ? (
      <span key={index} className="control-mark" data-control={segment.label}>
        {segment.label}
      </span>
    ) : (
      segment.text
    ),
  );
}
