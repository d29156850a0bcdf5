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

export { parseTolerantJson, tryParseJson } from '../../../../main/common/json/tolerantJson';
