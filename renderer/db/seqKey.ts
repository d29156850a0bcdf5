/**
 * The SDK's seq is an unsigned 64-bit integer (SDK-SPEC §3.1), carried as a decimal string because
 * it may exceed 2^53. Zero-padded to 20 digits (the width of 2^64 − 1) the string order equals the
 * numeric order, so IndexedDB can sort and range-scan it.
 */
export const SEQ_KEY_WIDTH = 20;
const UNSIGNED_DECIMAL = /^(0|[1-9]\d{0,19})$/;
const U64_MAX = (1n << 64n) - 1n;

export function isSeq(value: string): boolean {
  return UNSIGNED_DECIMAL.test(value) && BigInt(value) <= U64_MAX;
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
