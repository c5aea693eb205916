/**
 * Reads a value at a path such as `to_Item.results`, `State.Value` or `addresses[0].email` from parsed JSON.
 * Missing steps give `undefined`; nothing throws, because source records are untrusted.
 */
export const readPath = (value: unknown, path: string): unknown => {
  let current: unknown = value;
  for (const step of parsePath(path)) {
    if (current === null || current === undefined) return undefined;
    if (typeof step === 'number') {
      current = Array.isArray(current) ? current[step] : undefined;
    } else if (typeof current === 'object' && !Array.isArray(current)) {
      current = Object.hasOwn(current, step) ? (current as Record<string, unknown>)[step] : undefined;
    } else {
      return undefined;
    }
  }
  return current;
};

const cache = new Map<string, readonly (string | number)[]>();

/** Splits `a.b[0].c` into `['a', 'b', 0, 'c']`; `@odata.etag`-style names can be quoted: `["@odata.etag"]`. */
export const parsePath = (path: string): readonly (string | number)[] => {
  const hit = cache.get(path);
  if (hit) return hit;
  const steps: (string | number)[] = [];
  const pattern = /\["([^"]+)"\]|\[(\d+)\]|([^.[\]]+)/g;
  for (const match of path.matchAll(pattern)) {
    if (match[1] !== undefined) steps.push(match[1]);
    else if (match[2] !== undefined) steps.push(Number(match[2]));
    else if (match[3] !== undefined) steps.push(match[3]);
  }
  cache.set(path, steps);
  return steps;
};
