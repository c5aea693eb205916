/** A JSON object (not an array, not null). */
export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * How a value appears in AWS's pattern-compiler messages, which quote the JSON token found there (Jackson's
 * `getText`): a string's text, a number or literal as written, only the opening `{` or `[` of an object or
 * array, and `]`, the end of the array, for nothing there.
 */
export const tokenText = (value: unknown): string => {
  if (value === undefined) return ']';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return '[';
  if (isJsonObject(value)) return '{';
  return JSON.stringify(value);
};
