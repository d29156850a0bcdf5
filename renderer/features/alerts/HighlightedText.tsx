import type { ReactNode } from 'react';
import { FIELD_SEPARATOR } from '../../../main/common/message';

/** A span of the text to mark, [start, end) in UTF-16 units, with what to say about it. */
export interface TextSpan {
  start: number;
  end: number;
  title?: string;
}

/**
 * A message's visible text with exactly the matched spans marked (issue 12). Rendered as text nodes
 * (archive content is untrusted); fields of one message read as separated by a space. Long texts
 * are cut to a window around the first span.
 */
export function HighlightedText({
  text,
  spans,
  context = 60,
}: {
  text: string;
  spans: readonly TextSpan[];
  context?: number;
}) {
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: TextSpan[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) {
      last.end = Math.max(last.end, span.end);
      last.title = [last.title, span.title].filter(Boolean).join(' · ');
    } else merged.push({ ...span });
  }
  const first = merged[0];
  const from = first ? Math.max(0, first.start - context) : 0;
  const to = Math.min(text.length, Math.max(from + context * 3, (merged.at(-1)?.end ?? 0) + context));
  const show = (s: string) => s.replaceAll(FIELD_SEPARATOR, ' ');
  const parts: ReactNode[] = [];
  let at = from;
  merged.forEach((span, i) => {
    if (span.end <= from || span.start >= to) return;
    if (span.start > at) parts.push(show(text.slice(at, span.start)));
    parts.push(
      <mark key={i} className="alert-hit" title={span.title}>
        {show(text.slice(Math.max(at, span.start), Math.min(span.end, to)))}
      </mark>,
    );
    at = Math.min(span.end, to);
  });
  if (at < to) parts.push(show(text.slice(at, to)));
  return (
    <span className="alert-text">
      {from > 0 ? '…' : null}
      {parts}
      {to < text.length ? '…' : null}
    </span>
  );
}
