/**
 * One IndexedDB row as one JSON line, and back, without losing anything IndexedDB can store (docs/backup.md
 * §3). Rows go out exactly as stored — sealed blobs stay sealed — so the values that are not JSON are
 * tagged: `{"$t": kind, "v": …}`. A plain object that happens to have a `$t` key is itself wrapped
 * (`{"$t":"object","v":{…}}`), so decoding is never ambiguous. Anything IndexedDB could hold but this
 * app never stores (Blob, File, CryptoKey…) is refused with its path instead of being dropped.
 */

export class RowCodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RowCodecError';
  }
}

const TAG = '$t';

const TYPED_ARRAYS = {
  Int8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;

const BASE64_CHUNK = 0x8000;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += BASE64_CHUNK)
    binary += String.fromCharCode(...bytes.subarray(i, i + BASE64_CHUNK));
  return btoa(binary);
}

export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function encodeValue(value: unknown, where: string): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      return { [TAG]: 'number', v: Object.is(value, -0) ? '-0' : String(value) };
    case 'undefined':
      return { [TAG]: 'undefined' };
    case 'bigint':
      return { [TAG]: 'bigint', v: value.toString() };
    case 'object':
      break;
    default:
      throw new RowCodecError(`${where} holds a ${typeof value}, which IndexedDB does not store`);
  }
  const object = value as object;
  if (Array.isArray(object)) {
    const out: unknown[] = [];
    for (let i = 0; i < object.length; i += 1) {
      if (!(i in object)) throw new RowCodecError(`${where}[${i}] is a hole in an array`);
      out.push(encodeValue(object[i], `${where}[${i}]`));
    }
    return out;
  }
  if (object instanceof Uint8Array) return { [TAG]: 'bytes', v: bytesToBase64(object) };
  if (object instanceof ArrayBuffer)
    return { [TAG]: 'arraybuffer', v: bytesToBase64(new Uint8Array(object)) };
  if (ArrayBuffer.isView(object)) {
    const name = object.constructor.name as TypedArrayName;
    if (!(name in TYPED_ARRAYS)) throw new RowCodecError(`${where} is a ${name}, which a backup cannot hold`);
    const view = new Uint8Array(object.buffer, object.byteOffset, object.byteLength);
    return { [TAG]: 'typed', k: name, v: bytesToBase64(view) };
  }
  if (object instanceof Date) return { [TAG]: 'date', v: String(object.getTime()) };
  if (object instanceof Map)
    return {
      [TAG]: 'map',
      v: [...object.entries()].map(([k, v], i) => [
        encodeValue(k, `${where}<key ${i}>`),
        encodeValue(v, `${where}<${i}>`),
      ]),
    };
  if (object instanceof Set)
    return { [TAG]: 'set', v: [...object].map((v, i) => encodeValue(v, `${where}<${i}>`)) };
  if (!isPlainObject(object))
    throw new RowCodecError(
      `${where} is a ${object.constructor?.name ?? 'object'}, which a backup cannot hold`,
    );
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(object)) out[key] = encodeValue(item, `${where}.${key}`);
  return TAG in out ? { [TAG]: 'object', v: out } : out;
}

function decodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  const record = value as Record<string, unknown>;
  if (!(TAG in record)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(record)) out[key] = decodeValue(item);
    return out;
  }
  const v = record.v;
  switch (record[TAG]) {
    case 'undefined':
      return undefined;
    case 'number':
      return v === '-0' ? -0 : Number(v);
    case 'bigint':
      return BigInt(String(v));
    case 'bytes':
      return base64ToBytes(String(v));
    case 'arraybuffer':
      return base64ToBytes(String(v)).buffer;
    case 'typed': {
      const kind = String(record.k) as TypedArrayName;
      const Kind = TYPED_ARRAYS[kind] as (new (buffer: ArrayBuffer) => unknown) | undefined;
      if (!Kind) throw new RowCodecError(`unknown typed array ${kind}`);
      return new Kind(base64ToBytes(String(v)).buffer);
    }
    case 'date':
      return new Date(Number(v));
    case 'map':
      return new Map(
        (v as Array<[unknown, unknown]>).map(([key, item]) => [decodeValue(key), decodeValue(item)]),
      );
    case 'set':
      return new Set((v as unknown[]).map(decodeValue));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(v as Record<string, unknown>)) out[key] = decodeValue(item);
      return out;
    }
    default:
      throw new RowCodecError(`unknown tag ${String(record[TAG])}`);
  }
}

/** One row (or [key, row] for a table whose keys are outside its rows) as one JSON line, without the newline. */
export function encodeRow(row: unknown, where = 'row'): string {
  return JSON.stringify(encodeValue(row, where));
}

export function decodeRow(line: string): unknown {
  return decodeValue(JSON.parse(line) as unknown);
}
