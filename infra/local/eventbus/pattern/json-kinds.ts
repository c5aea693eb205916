/** A JSON object (not an array, not null). */
export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** How a value appears in AWS's pattern-compiler messages (`]` stands for "nothing there"). */
export const tokenText = (value: unknown): string =>
  value === undefined ? ']' : typeof value === 'string' ? value : JSON.stringify(value);
