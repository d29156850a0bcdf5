/**
 * The SDK's seq is an unsigned 64-bit integer (docs/wecom-sdk.md §3.1), carried as a decimal string
 * because it may exceed 2^53. One set of helpers for main, the SDK host and the renderer.
 * Zero-padded to 20 digits (the width of 2^64 − 1) the string order equals the numeric order, so
 * IndexedDB can sort and range-scan it.
 */
export const SEQ_KEY_WIDTH = 20;
const UNSIGNED_DECIMAL = /^(0|[1-9]\d{0,19})$/;
const U64_MAX = (1n << 64n) - 1n;

/** u64 decimal string → BigInt, or null when it is not a canonical decimal in 0..2^64-1. */
export function parseU64Decimal(text: string): bigint | null {
  if (!UNSIGNED_DECIMAL.test(text)) return null;
  const value = BigInt(text);
  return value <= U64_MAX ? value : null;
}

export function isSeq(value: unknown): value is string {
  return typeof value === 'string' && parseU64Decimal(value) !== null;
}

export function assertSeq(value: string, what: string): void {
  if (!isSeq(value)) throw new Error(`${what} is not an unsigned 64-bit decimal: ${JSON.stringify(value)}`);
}

export function toSeqKey(seq: string): string {
  assertSeq(seq, 'seq');
  return seq.padStart(SEQ_KEY_WIDTH, '0');
}

/** The larger of two seqs, compared as integers (never as strings or doubles). */
export function maxSeq(a: string, b: string): string {
  return BigInt(a) >= BigInt(b) ? a : b;
}
