/**
 * Decrypted payloads can carry raw control characters inside strings (docs/wecom-sdk.md §1.6: the Go wrapper
 * strips bytes < 0x20 before parsing). Stripping loses legitimate newlines, so instead escape control
 * characters that sit inside string literals, leaving structural whitespace alone, then parse.
 */
export function parseTolerantJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (firstError) {
    const repaired = escapeControlCharsInStrings(text);
    if (repaired === text) throw firstError;
    return JSON.parse(repaired);
  }
}

export function escapeControlCharsInStrings(text: string): string {
  let out = '';
  let inString = false;
  let escaped = false;
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (escaped) {
        escaped = false;
      } else if (code === 0x5c /* \ */) {
        escaped = true;
      } else if (code === 0x22 /* " */) {
        inString = false;
      } else if (code < 0x20) {
        out += text.slice(runStart, i) + `\\u${code.toString(16).padStart(4, '0')}`;
        runStart = i + 1;
      }
    } else if (code === 0x22) {
      inString = true;
    }
  }
  return runStart === 0 ? text : out + text.slice(runStart);
}

/**
 * JSON numbers above 2^53 lose precision in JSON.parse. GetChatData's `seq` is a u64 (docs/wecom-sdk.md §3.1),
 * so quote every `"seq": <digits>` member before parsing; the cursor stays a decimal string.
 */
export function quoteSeqNumbers(text: string): string {
  return text.replace(/(?<!\\)"seq"\s*:\s*(\d+)/g, '"seq":"$1"');
}

/** parseTolerantJson that answers undefined instead of throwing. */
export function tryParseJson(text: string): unknown {
  try {
    return parseTolerantJson(text);
  } catch {
    return undefined;
  }
}
