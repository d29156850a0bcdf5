import type { ReactNode } from 'react';
import { ExternalLink } from './ExternalLink';
import { RichTextSegments } from './RichText';

/**
 * The markdown subset WeCom robots send (headings, `>` quotes, **bold**, [text](url),
 * `<font color="info|comment|warning">`), rendered as React elements. Any other markup — HTML
 * tags, images, scripts — stays visible as the text it is; nothing is fetched, nothing executes.
 */
const INLINE =
  /(\*\*([^*\n]+)\*\*)|(\[([^\]\n]*)\]\(([^)\s]*)\))|(<font color="(info|comment|warning)">([^<\n]*)<\/font>)/g;

function inline(text: string, keyPrefix: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  let index = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last)
      parts.push(<RichTextSegments key={`${keyPrefix}t${index++}`} text={text.slice(last, match.index)} />);
    const [whole, bold, boldText = '', link, linkText = '', linkUrl = '', font, color = '', fontText = ''] =
      match;
    const key = `${keyPrefix}m${index++}`;
    if (bold) parts.push(<strong key={key}>{boldText}</strong>);
    else if (link)
      parts.push(
        <ExternalLink key={key} url={linkUrl}>
          {linkText || linkUrl}
        </ExternalLink>,
      );
    else if (font)
      parts.push(
        <span key={key} className={`md-font md-font--${color}`}>
          {fontText}
        </span>,
      );
    else parts.push(whole);
    last = match.index + whole.length;
  }
  if (last < text.length)
    parts.push(<RichTextSegments key={`${keyPrefix}t${index}`} text={text.slice(last)} />);
  return parts;
}

export function SafeMarkdown({ content }: { content: string }) {
  const lines = content.split('\n');
  return (
    <div className="markdown" dir="auto">
      {lines.map((line, i) => {
        const heading = /^(#{1,6})\s+(.*)$/.exec(line);
        if (heading)
          return (
            <div key={i} className="markdown__heading">
              {inline(heading[2] ?? '', `${i}`)}
            </div>
          );
        if (line.startsWith('>'))
          return (
            <div key={i} className="markdown__quote">
              {inline(line.replace(/^>\s?/, ''), `${i}`)}
            </div>
          );
        return (
          <div key={i} className="markdown__line">
            {line === '' ? '\u00a0' : inline(line, `${i}`)}
          </div>
        );
      })}
    </div>
  );
}
