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

/** The same rules over a plain (unmarshalled) value, as the document client hands it out. */
export const plainValueSize = (value: unknown): number => {
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberSize(String(value));
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set)
    return [...value].reduce<number>((sum, member) => sum + plainValueSize(member), 0);
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, v) => sum + 1 + plainValueSize(v), 0);
  if (typeof value === 'object')
    return (
      3 +
      Object.entries(value).reduce<number>(
        (sum, [name, inner]) => sum + utf8(name) + 1 + plainValueSize(inner),
        0,
      )
    );
  return 0;
};

const WIRE_TYPES = new Set(['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL']);
const isWireValue = (value: unknown): boolean => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const names = Object.keys(value);
  return names.length === 1 && WIRE_TYPES.has(names[0] ?? '');
};

/**
 * Size in bytes of an item as a read returns it: in DynamoDB JSON or already unmarshalled (what the SDK's
 * deserialize step hands on depends on the client), told apart by every attribute being a typed value.
 */
export const readItemSize = (item: Record<string, unknown>): number =>
  Object.values(item).every(isWireValue)
    ? itemSize(item)
    : Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + plainValueSize(value), 0);

/** Write capacity units of one write of `bytes`: one per started kilobyte. */
export const writeUnitsFor = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));
