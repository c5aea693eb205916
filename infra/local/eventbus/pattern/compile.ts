import { compileMatchExpression } from './compile-matcher.ts';
import type { CompiledField, CompiledObject, CompiledPattern, ValueMatcher } from './compiled-pattern.ts';
import { InvalidEventPatternError } from './errors.ts';
import { parseIpAddress } from './ip-address.ts';
import { isJsonObject } from './json-kinds.ts';

/** Field names AWS reserves for operators; they cannot be field names inside `$or` branches. */
const RESERVED_IN_OR = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  '=',
  '<',
  '<=',
  '>',
  '>=',
]);

const join = (location: string, key: string): string => (location ? `${location}.${key}` : key);

interface Scope {
  /** Field names from the event root. */
  readonly path: readonly string[];
  /** Human-readable place in the pattern for error messages. */
  readonly location: string;
  readonly insideOr: boolean;
}

const compileObject = (value: Record<string, unknown>, scope: Scope): CompiledObject => {
  const entries = Object.entries(value);
  if (entries.length === 0)
    throw new InvalidEventPatternError('Empty objects are not allowed', scope.location);
  const fields: CompiledField[] = [];
  const anyOf: CompiledObject[][] = [];
  for (const [key, child] of entries) {
    const location = join(scope.location, key);
    if (key === '$or') {
      anyOf.push(compileOr(child, { ...scope, location }));
      continue;
    }
    if (scope.insideOr && RESERVED_IN_OR.has(key)) {
      throw new InvalidEventPatternError(
        `${key} is Ruler reserved fieldName which cannot be used inside $or.`,
        location,
      );
    }
    const path = [...scope.path, key];
    if (isJsonObject(child)) {
      fields.push({ key, kind: 'object', object: compileObject(child, { ...scope, path, location }) });
    } else if (Array.isArray(child)) {
      fields.push({ key, kind: 'leaf', path, matchers: compileValueList(child, location) });
    } else {
      throw new InvalidEventPatternError(`"${key}" must be an object or an array`, location);
    }
  }
  return { fields, anyOf };
};

const compileOr = (value: unknown, scope: Scope): CompiledObject[] => {
  if (!Array.isArray(value))
    throw new InvalidEventPatternError('It must be an Array followed with $or.', scope.location);
  const branches = value.map((branch: unknown, i) => {
    const location = `${scope.location}[${i}]`;
    if (!isJsonObject(branch)) {
      throw new InvalidEventPatternError(
        'Only JSON object is allowed in array of $or relationship.',
        location,
      );
    }
    return compileObject(branch, { ...scope, location, insideOr: true });
  });
  if (branches.length < 2) {
    throw new InvalidEventPatternError(
      'There must have at least 2 Objects in $or relationship.',
      scope.location,
    );
  }
  return branches;
};

const compileValueList = (values: readonly unknown[], location: string): ValueMatcher[] => {
  if (values.length === 0) throw new InvalidEventPatternError('Empty arrays are not allowed', location);
  return values.map((value, i) => compileValue(value, `${location}[${i}]`));
};

const compileValue = (value: unknown, location: string): ValueMatcher => {
  if (isJsonObject(value)) return compileMatchExpression(value, location);
  if (typeof value === 'string') {
    // AWS compares exact values that are IP addresses as addresses, not as text.
    const ip = parseIpAddress(value);
    return ip
      ? { kind: 'exact-ip', text: value, range: { version: ip.version, first: ip.value, last: ip.value } }
      : { kind: 'exact', value };
  }
  // Stryker disable next-line ConditionalExpression: Number.isFinite is false for every non-number too
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean' || value === null) {
    return { kind: 'exact', value };
  }
  throw new InvalidEventPatternError('Match value must be String, number, true, false, or null', location);
};

/** Validates and compiles an EventBridge event pattern; throws {@link InvalidEventPatternError}. */
export const compileEventPattern = (pattern: unknown): CompiledPattern => {
  if (!isJsonObject(pattern)) throw new InvalidEventPatternError('Filter is not an object', '');
  return { root: compileObject(pattern, { path: [], location: '', insideOr: false }), source: pattern };
};

/** Parses pattern JSON text as TestEventPattern receives it, then compiles it. */
export const compileEventPatternText = (text: string): CompiledPattern => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err: unknown) {
    // Stryker disable next-line StringLiteral: JSON.parse throws only SyntaxError, so the fallback text is never used
    throw new InvalidEventPatternError(err instanceof Error ? err.message : 'malformed JSON', '');
  }
  return compileEventPattern(parsed);
};

/** The reason a pattern is invalid, or undefined when EventBridge would accept it. */
export const validateEventPattern = (pattern: unknown): string | undefined => {
  try {
    compileEventPattern(pattern);
    return undefined;
  } catch (err: unknown) {
    if (err instanceof InvalidEventPatternError) return err.message;
    throw err;
  }
};
