/** The keys `S` and `T` share where a defined value of `S` fits `T`. */
export type SharedKey<T, S> = {
  [K in keyof S & keyof T]-?: Exclude<S[K], undefined> extends T[K] ? K : never;
}[keyof S & keyof T];

/**
 * Copies onto `target` those of `keys` whose value in `source` is defined, so optional fields stay
 * absent rather than present as undefined (objects that are stored or sent stay minimal, and
 * exactOptionalPropertyTypes holds). Returns `target`.
 */
export function assignDefined<T extends object, S extends object>(
  target: T,
  source: S,
  keys: ReadonlyArray<SharedKey<T, S>>,
): T {
  for (const key of keys) {
    const value = source[key];
    if (value !== undefined) (target as Record<PropertyKey, unknown>)[key] = value;
  }
  return target;
}
