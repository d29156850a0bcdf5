import type { SnippetPart } from '../../search/snippet';

/** Snippet parts as text nodes; matches in <mark>. Never HTML: archive text is untrusted. */
export function HighlightedSnippet({ parts }: { parts: readonly SnippetPart[] }) {
  return (
    <span className="search-hit__snippet" dir="auto">
      {parts.map((part, at) =>
        part.hit ? <mark key={at}>{part.text}</mark> : <span key={at}>{part.text}</span>,
      )}
    </span>
  );
}
