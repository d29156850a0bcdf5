import type { SnippetPart } from '../../search/snippet';
import { withShownControls } from '../../ui/ArchiveText';

/** Snippet parts as text nodes; matches in <mark>. Never HTML: archive text is untrusted. */
export function HighlightedSnippet({ parts }: { parts: readonly SnippetPart[] }) {
  return (
    // Isolated as a whole, each invisible or bidi control shown as <U+…> (a file name's U+202E
    // cannot turn "fdp.exe" into "exe.pdf" here either).
    <bdi className="search-hit__snippet" dir="auto">
      {parts.map((part, at) =>
        part.hit ? (
          <mark key={at}>{withShownControls(part.text)}</mark>
        ) : (
          <span key={at}>{withShownControls(part.text)}</span>
        ),
      )}
    </bdi>
  );
}
