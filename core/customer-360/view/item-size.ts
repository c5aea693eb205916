/**
 * Estimates DynamoDB's size of a value the way it bills it: strings by UTF-8 length, numbers by about one
 * byte per two significant digits plus one, binary by its length, maps and lists by 3 bytes plus one byte per element plus
 * their elements (map keys counted like attribute names). Close enough to budget a view item; the
 * integration test checks the real read against 64 KB.
 */
export const estimateItemBytes = (value: unknown): number => {
  if (value === null || value === undefined) return 1;
  switch (typeof value) {
    case 'string':
      // Stryker disable next-line StringLiteral: Node counts an empty encoding name as UTF-8.
      return Buffer.byteLength(value, 'utf8');
    case 'number':
      return Math.ceil(String(Math.abs(value)).replace(/[.-]/g, '').length / 2) + 1;
    case 'boolean':
      return 1;
    case 'object': {
      if (value instanceof Uint8Array) return value.byteLength;
      if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + 1 + estimateItemBytes(v), 3);
      let sum = 3;
      for (const [name, v] of Object.entries(value)) {
        if (v === undefined) continue;
        // Stryker disable next-line StringLiteral: Node counts an empty encoding name as UTF-8.
        sum += Buffer.byteLength(name, 'utf8') + 1 + estimateItemBytes(v);
      }
      return sum;
    }
    default:
      return 0;
  }
};

/**
 * The bytes of a value's JSON text: a view section's state is budgeted by it, and stored as that text
 * gzip-compressed (core/customer-360/view/view-items.ts), so the item never holds more.
 */
export const jsonBytes = (value: unknown): number =>
  // Stryker disable next-line StringLiteral: Node counts an empty encoding name as UTF-8.
  Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
