/**
 * Decrypted payloads can carry raw control characters inside strings (SDK-SPEC §1.6); JSON.parse
 * rejects them, so they are escaped (inside string literals only) and parsed again. Every renderer
 * reader of a message's raw JSON (cards, search text, media items) goes through here. It mirrors
 * main/services/archive/tolerantJson.ts: the renderer may not import main's code, only its types.
 */
export function parseTolerantJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (firstError) {
    let out = '';
    let inString = false;
    let escaped = false;
    let runStart = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (code === 0x5c) escaped = true;
        else if (code === 0x22) inString = false;
        else if (code < 0x20) {
          out += `${text.slice(runStart, i)}\\u${code.toString(16).padStart(4, '0')}`;
          runStart = i + 1;
        }
      } else if (code === 0x22) inString = true;
    }
    if (runStart === 0) throw firstError;
    return JSON.parse(out + text.slice(runStart));
  }
}

/** parseTolerantJson that answers undefined instead of throwing. */
export function tryParseJson(text: string): unknown {
  try {
    return parseTolerantJson(text);
  } catch {
    return undefined;
  }
}
