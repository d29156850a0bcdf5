import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { controlSegments } from '../../../../main/common/text/controls';
import { layoutJson, type JsonLayout } from '../../../../main/common/text/jsonLayout';
import { escapeControlCharsInStrings, parseTolerantJson } from '../../../../main/common/json/tolerantJson';

/** Whether the text is JSON the view may lay out (tolerantly: raw controls inside strings are allowed). */
function isJson(text: string): boolean {
  try {
    parseTolerantJson(text);
    return true;
  } catch {
    return false;
  }
}

/** The two layouts, in the toolbar's order, with their labels. */
const LAYOUTS: ReadonlyArray<[JsonLayout, string]> = [
  ['pretty', 'reading.detail.rawPretty'],
  ['compact', 'reading.detail.rawCompact'],
];

/**
 * The raw JSON of a message as text: pretty-printed by default, compact on request — laid out
 * token by token, so every value reads exactly as the SDK wrote it (jsonLayout.ts) — with every
 * invisible or bidi control shown as a marked `<U+202E>` instead of reordering the text around it.
 * Raw C0 controls inside strings are shown in their JSON escape (`\u0007`). Text that is not JSON
 * is shown as it is, its controls marked the same way. "Copy" (beside it) copies the exact text.
 */
export function RawJsonView({ raw, testId }: { raw: string; testId?: string }) {
  const { t } = useTranslation();
  const [layout, setLayout] = useState<JsonLayout>('pretty');
  const json = useMemo(() => isJson(raw), [raw]);
  const shown = useMemo(
    () => (json ? layoutJson(escapeControlCharsInStrings(raw), layout) : raw),
    [json, raw, layout],
  );
  // The layout's own line breaks are the only controls left as they are.
  const segments = useMemo(
    () =>
      controlSegments(shown).flatMap((segment) =>
        segment.control && segment.text === '\n' ? [{ text: '\n', control: false as const }] : [segment],
      ),
    [shown],
  );
  return (
    <div className="raw-json-view">
      {json ? (
        <div className="raw-json-view__toolbar" role="group" aria-label={t('reading.detail.rawLayout')}>
          {LAYOUTS.map(([choice, labelKey]) => (
            <button
              key={choice}
              type="button"
              className="button button--ghost button--small"
              aria-pressed={layout === choice}
              data-testid={`raw-json-${choice}`}
              onClick={() => setLayout(choice)}
            >
              {t(labelKey)}
            </button>
          ))}
        </div>
      ) : null}
      <pre
        className={`raw-json raw-json--${json ? layout : 'verbatim'}`}
        tabIndex={0}
        dir="ltr"
        data-testid={testId}
        data-layout={json ? layout : 'verbatim'}
      >
        {segments.map((segment, index) =>
          segment.control ? (
            <span key={index} className="control-mark" data-control={segment.label}>
              {segment.label}
            </span>
          ) : (
            segment.text
          ),
        )}
      </pre>
    </div>
  );
}
