/**
 * Defensive readers for decrypted payloads (SDK-SPEC §4.1 "parse defensively"): every field may be
 * missing or of the wrong type, and a wrong type must never crash a card. Readers answer null instead.
 */
export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
}

export function str(object: JsonObject | null, key: string): string | null {
  const value = object?.[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** A string field only (no number coercion): message text and ids. */
export function strictStr(object: JsonObject | null, key: string): string | null {
  const value = object?.[key];
  return typeof value === 'string' ? value : null;
}

export function num(object: JsonObject | null, key: string): number | null {
  const value = object?.[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return null;
}

export function bool(object: JsonObject | null, key: string): boolean | null {
  const value = object?.[key];
  return typeof value === 'boolean' ? value : null;
}

export function arr(object: JsonObject | null, key: string): unknown[] | null {
  const value = object?.[key];
  return Array.isArray(value) ? value : null;
}

export function strings(object: JsonObject | null, key: string): string[] {
  return (arr(object, key) ?? []).filter((item): item is string => typeof item === 'string');
}

/**
 * Decrypted payloads can carry raw control characters inside strings (SDK-SPEC §1.6); JSON.parse
 * rejects them, so they are escaped (inside string literals only) and parsed again. Mirrors main's
 * tolerant parser: the renderer may not import main's code, only its types.
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
