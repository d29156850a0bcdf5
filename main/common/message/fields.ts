/**
 * Defensive readers for decrypted payloads (docs/wecom-sdk.md §4.1 "parse defensively"): every
 * field may be missing or of the wrong type, and a wrong type must never crash a reader. Readers
 * answer null instead.
 */
import { tryParseJson } from '../json/tolerantJson';

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

/** A non-negative finite number (sizes, durations, dimensions). */
export function count(object: JsonObject | null, key: string): number | null {
  const value = object?.[key];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
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

/** An embedded payload: an object, or a JSON string holding one (mixed / chatrecord `content`). */
export function embeddedObject(value: unknown): JsonObject | null {
  return asObject(typeof value === 'string' ? tryParseJson(value) : value);
}

/** Seconds → ms; values that already look like ms (after 2001-09-09 in ms) are kept. */
export function toMillis(value: number | null): number | null {
  if (value === null || value <= 0) return value;
  return value >= 1e12 ? value : value * 1000;
}

/** At least one of the values is present (a known type without any of its fields is malformed). */
export const anyOf = (...values: unknown[]): boolean =>
  values.some((value) => value !== null && value !== undefined);
