/**
 * Posting lists: ascending document numbers, stored as delta varints (1 byte per posting for dense
 * grams, 2–3 for rare ones), decoded into Uint32Arrays for intersection.
 */

export function encodePostings(ids: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(ids.length * 5);
  let at = 0;
  let previous = 0;
  for (let i = 0; i < ids.length; i += 1) {
    const id = ids[i] as number;
    let delta = id - previous;
    previous = id;
    while (delta >= 0x80) {
      out[at++] = (delta & 0x7f) | 0x80;
      delta >>>= 7;
    }
    out[at++] = delta;
  }
  return out.slice(0, at);
}

/**
 * `count` grams' posting lists encoded and laid end to end, as a segment or bucket stores them: the
 * bytes, and where each list ends (list i is `data[ends[i - 1] ?? 0, ends[i])`). The lists are taken
 * one at a time, so a generator that builds each list keeps only one unencoded list alive.
 */
export function packPostingLists(
  lists: Iterable<ArrayLike<number>>,
  count: number,
): { ends: Uint32Array; data: Uint8Array } {
  const ends = new Uint32Array(count);
  const parts: Uint8Array[] = [];
  let size = 0;
  let at = 0;
  for (const ids of lists) {
    const encoded = encodePostings(ids);
    parts.push(encoded);
    size += encoded.length;
    ends[at++] = size;
  }
  const data = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    data.set(part, offset);
    offset += part.length;
  }
  return { ends, data };
}

/** Decodes `data[from, to)` (one gram's postings) into ascending ids. */
export function decodePostings(data: Uint8Array, from = 0, to = data.length): Uint32Array {
  const ids = new Uint32Array(to - from);
  let count = 0;
  let previous = 0;
  let at = from;
  while (at < to) {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = data[at++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    previous += value;
    ids[count++] = previous;
  }
  return ids.subarray(0, count);
}

/** Sorted intersection; gallops through the longer list. */
export function intersect(a: Uint32Array, b: Uint32Array): Uint32Array {
  if (a.length > b.length) [a, b] = [b, a];
  const out = new Uint32Array(a.length);
  let count = 0;
  let j = 0;
  for (let i = 0; i < a.length && j < b.length; i += 1) {
    const target = a[i] as number;
    if ((b[j] as number) < target) {
      let step = 1;
      let hi = j + 1;
      while (hi < b.length && (b[hi] as number) < target) {
        j = hi;
        step *= 2;
        hi = j + step;
      }
      let lo = j;
      hi = Math.min(hi, b.length);
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((b[mid] as number) < target) lo = mid + 1;
        else hi = mid;
      }
      j = lo;
    }
    if (j < b.length && b[j] === target) out[count++] = target;
  }
  return out.subarray(0, count);
}

/** Sorted union without duplicates of several ascending lists. */
export function union(lists: readonly Uint32Array[]): Uint32Array {
  const nonEmpty = lists.filter((list) => list.length > 0);
  if (nonEmpty.length === 0) return new Uint32Array(0);
  if (nonEmpty.length === 1) return nonEmpty[0] as Uint32Array;
  let total = 0;
  // Generations and segments cover disjoint, increasing docId ranges: then concatenation is the union.
  let disjoint = true;
  for (const [at, list] of nonEmpty.entries()) {
    total += list.length;
    const next = nonEmpty[at + 1];
    if (next && (list[list.length - 1] as number) >= (next[0] as number)) disjoint = false;
  }
  const all = new Uint32Array(total);
  let at = 0;
  for (const list of nonEmpty) {
    all.set(list, at);
    at += list.length;
  }
  if (disjoint) return all;
  all.sort();
  let count = 0;
  for (let i = 0; i < all.length; i += 1)
    if (i === 0 || all[i] !== all[i - 1]) all[count++] = all[i] as number;
  return all.subarray(0, count);
}
