/**
 * DynamoDB's item size rules, over items in DynamoDB JSON (`{ "S": "..." }`), as the capacity docs state them:
 * attribute names count their UTF-8 bytes; strings their UTF-8 bytes; numbers about one byte per two
 * significant digits plus one; booleans and null one byte; lists and maps three bytes plus one per element.
 */
export type AttributeValueJson = Record<string, unknown>;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

const numberSize = (digits: string): number => {
  const significant = digits
    .replace(/^[-+]/, '')
    .replace(/e.*$/i, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(significant.length, 1) / 2) + 1;
};

export const attributeValueSize = (value: unknown): number => {
  if (typeof value !== 'object' || value === null) return 0;
  const [type, inner] = Object.entries(value)[0] ?? [];
  switch (type) {
    case 'S':
      return utf8(String(inner));
    case 'N':
      return numberSize(String(inner));
    case 'B':
      return Math.floor((String(inner).length * 3) / 4);
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
      return Array.isArray(inner) ? inner.reduce<number>((sum, s) => sum + utf8(String(s)), 0) : 0;
    case 'NS':
      return Array.isArray(inner) ? inner.reduce<number>((sum, n) => sum + numberSize(String(n)), 0) : 0;
    case 'L':
      return Array.isArray(inner)
        ? 3 + inner.reduce<number>((sum, v) => sum + 1 + attributeValueSize(v), 0)
        : 3;
    case 'M':
      return typeof inner === 'object' && inner !== null
        ? 3 + itemSize(inner as AttributeValueJson) + Object.keys(inner).length
        : 3;
    default:
      return 0;
  }
};

/** Size in bytes of an item in DynamoDB JSON. */
export const itemSize = (item: AttributeValueJson): number =>
  Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + attributeValueSize(value), 0);

/** Write capacity units of one write of `bytes`: one per started kilobyte. */
export const writeUnitsFor = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));
