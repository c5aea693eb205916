/**
 * The JSONPath subset EventBridge evaluates in InputPath and InputTransformer: `$`, dot names
 * (letters, digits, `_`, `-`, `/`), `['quoted names']`, array indices and the `*` wildcard.
 */
type Segment =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'any' };

export interface JsonPath {
  readonly text: string;
  readonly segments: readonly Segment[];
  /** A path with a wildcard yields a list of every match. */
  readonly yieldsList: boolean;
}

const TOKEN = /\.([A-Za-z0-9_\-/]+)|\.\*|\[(\d+)\]|\[\*\]|\['([^']*)'\]|\["([^"]*)"\]/y;

/** Parses a path; a string naming the problem when it is outside the supported subset. */
export const parseJsonPath = (text: string): JsonPath | string => {
  if (!text.startsWith('$')) return `JSON path "${text}" must start with $`;
  const segments: Segment[] = [];
  TOKEN.lastIndex = 1;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) return `JSON path "${text}" is not supported at position ${at}`;
    const [token, dotName, index, singleQuoted, doubleQuoted] = match;
    if (dotName !== undefined) segments.push({ kind: 'name', name: dotName });
    else if (index !== undefined) segments.push({ kind: 'index', index: Number(index) });
    else if (singleQuoted !== undefined || doubleQuoted !== undefined) {
      segments.push({ kind: 'name', name: singleQuoted ?? doubleQuoted ?? '' });
    } else if (token.endsWith('*') || token === '[*]') segments.push({ kind: 'any' });
  }
  return { text, segments, yieldsList: segments.some((s) => s.kind === 'any') };
};

const step = (value: unknown, segment: Segment): unknown[] => {
  if (segment.kind === 'any') {
    if (Array.isArray(value)) return value;
    return typeof value === 'object' && value !== null ? Object.values(value) : [];
  }
  if (segment.kind === 'index')
    return Array.isArray(value) && segment.index < value.length ? [value[segment.index]] : [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.hasOwn(value, segment.name) ? [(value as Record<string, unknown>)[segment.name]] : [];
};

/** Evaluates a path: the value found (a list for wildcard paths), or undefined when nothing is there. */
export const evaluateJsonPath = (path: JsonPath, root: unknown): unknown => {
  let current: unknown[] = [root];
  for (const segment of path.segments) current = current.flatMap((value) => step(value, segment));
  if (path.yieldsList) return current;
  return current[0];
};
