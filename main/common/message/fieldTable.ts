import { num, str, strings, toMillis, type JsonObject } from './fields';
import type { BodyKind, BodyOf, MessageBody } from './model';
import { malformed, oneLine, present, projection, type KindProjection, type Parser } from './module';

/**
 * Msgtypes whose body is a flat record of payload fields are declared as data: which payload key
 * each body field reads, and which fields make the payload recognisable (a known type without any
 * of them is malformed). Their projections likewise name fields instead of repeating code.
 */

type Fields<K extends BodyKind> = Omit<BodyOf<K>, 'kind'>;

/** Reads one body field from a payload. */
export type FieldReader<T> = (payload: JsonObject) => T;

/** A payload key (a string field, numbers coerced) or a reader for any other field type. */
export type FieldSpec<K extends BodyKind> = {
  [F in keyof Fields<K>]: Fields<K>[F] extends string | null
    ? string | FieldReader<Fields<K>[F]>
    : FieldReader<Fields<K>[F]>;
};

export const numberAt =
  (key: string): FieldReader<number | null> =>
  (payload) =>
    num(payload, key);

/** A time field, seconds or ms, as ms. */
export const millisAt =
  (key: string): FieldReader<number | null> =>
  (payload) =>
    toMillis(num(payload, key));

export const stringsAt =
  (key: string): FieldReader<string[]> =>
  (payload) =>
    strings(payload, key);

/** A parser reading `spec`; malformed unless at least one of `recognisedBy` is present. */
export function recordParser<K extends BodyKind>(
  kind: K,
  recognisedBy: ReadonlyArray<keyof Fields<K> & string>,
  spec: FieldSpec<K>,
): Parser {
  const readers = Object.entries(spec) as Array<[string, string | FieldReader<unknown>]>;
  return (msgtype, payload) => {
    const body: Record<string, unknown> = { kind };
    for (const [field, read] of readers) {
      body[field] = typeof read === 'string' ? str(payload, read) : read(payload);
    }
    const recognised = recognisedBy.some((field) => body[field] !== null && body[field] !== undefined);
    return recognised ? (body as MessageBody) : malformed(msgtype, payload);
  };
}

type TextField<K extends BodyKind> = {
  [F in keyof Fields<K>]-?: Fields<K>[F] extends string | null ? F : never;
}[keyof Fields<K>] &
  string;

/** The first of `fields` that is not null ('' when none is). */
function firstOf(body: object, fields: readonly string[]): string {
  const values = body as Record<string, string | null | undefined>;
  for (const field of fields) {
    const value = values[field];
    if (value !== null && value !== undefined) return value;
  }
  return '';
}

/**
 * Projections named by fields: `search` lists the fields a reader sees (each searched separately),
 * `preview` and `quote` the fields tried in order for the one-line preview and the quotable text.
 * Without `preview`, the preview joins the search fields; without `quote`, nothing is quotable.
 */
export function textFields<K extends BodyKind>(spec: {
  search: ReadonlyArray<TextField<K>>;
  preview?: ReadonlyArray<TextField<K>>;
  quote?: ReadonlyArray<TextField<K>>;
}): KindProjection<K> {
  const { search, preview, quote } = spec;
  return projection<K>({
    searchFields: (body) => present(...search.map((field) => firstOf(body, [field]))),
    ...(preview ? { preview: (body: BodyOf<K>) => oneLine(firstOf(body, preview)) } : {}),
    ...(quote ? { quotableText: (body: BodyOf<K>) => firstOf(body, quote) } : {}),
  });
}
