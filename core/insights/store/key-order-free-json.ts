/**
 * JSON with every object's keys in sorted order. A value read back from the store does not keep the key
 * order it was written with, so comparing or hashing plain `JSON.stringify` output would call equal
 * insights different and rewrite them on every replay.
 */
export const keyOrderFreeJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? // Stryker disable next-line EqualityOperator: the keys of one object are distinct, so `<=` orders them as `<` does
        Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
