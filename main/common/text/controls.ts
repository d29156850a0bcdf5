/**
 * Invisible and bidi control characters in archive-supplied strings (docs/wecom-sdk.md §4; the threat
 * is in docs/security.md): anyone who chatted with the company chose them. A file name such as
 * `invoice<U+202E>fdp.exe` *displays* as "invoiceexe.pdf" while being an `.exe`. Pure functions, shared
 * by main (open-with, save-as) and the renderer (file names, ids, the raw JSON view).
 */

/** Controls, format characters (bidi overrides, zero-width…), line/paragraph separators and blank-looking fillers. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115f\u1160\u3164\uffa0]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');

/** `<U+202E>` for U+202E: how a control is written out. */
export function controlLabel(ch: string): string {
  return `<U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** Whether the text holds any invisible or bidi control character. */
export function hasControls(text: string): boolean {
  return INVISIBLE.test(text);
}

/** The name (NFC) with every invisible or bidi character written as `<U+XXXX>`. */
export function decontrolName(name: string): string {
  return name.normalize('NFC').replace(INVISIBLE_ALL, controlLabel);
}

/** A piece of text for display: plain text, or one control character (to be shown as its label). */
export type ControlSegment =
  { text: string; control: false } | { text: string; control: true; label: string };

/**
 * The text cut at its control characters, in order, so a view can render each control as a visible
 * marker (`<U+202E>`) instead of letting it act. Joining the `text` of every segment gives the input back.
 */
export function controlSegments(text: string): ControlSegment[] {
  const segments: ControlSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(INVISIBLE_ALL)) {
    const at = match.index;
    if (at > last) segments.push({ text: text.slice(last, at), control: false });
    segments.push({ text: match[0], control: true, label: controlLabel(match[0]) });
    last = at + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), control: false });
  return segments;
}

/** The extension after the last dot, lower-cased; '' when there is none (or the name is only a dot-file). */
export function fileTypeOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 || dot === name.length - 1 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * The type a desktop will see: the extension after the last dot of the de-controlled name (what
 * the name really ends with, not what it displays as). `invoice\u202Efdp.exe` → `exe`.
 */
export function realFileType(name: string): string {
  return fileTypeOf(decontrolName(name));
}

/** Types a desktop runs, installs or renders with scripts when "opened". */
export const DANGEROUS_TYPES: ReadonlySet<string> = new Set([
  'desktop',
  'sh',
  'bash',
  'jar',
  'exe',
  'msi',
  'bat',
  'cmd',
  'com',
  'scr',
  'html',
  'htm',
  'svg',
  'py',
  'pl',
  'rb',
  'js',
  'appimage',
  'run',
  'bin',
  'deb',
  'rpm',
]);
