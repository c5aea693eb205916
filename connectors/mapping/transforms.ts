import * as z from 'zod';
import { parseCursorValue } from '../kit/incremental/cursor-value.ts';

/** Value conversions a field mapping can apply, in order. Each returns `undefined` when it cannot convert. */
export const TransformNameSchema = z.enum([
  'string',
  'number',
  'integer',
  'boolean',
  'trim',
  'lowercase',
  'uppercase',
  /** `''` and whitespace become missing (SAP sends empty strings for unset fields). */
  'emptyToMissing',
  /** `0001000123` → `1000123`. */
  'stripLeadingZeros',
  /** ISO or OData v2 `/Date(ms)/` → ISO date-time in UTC. */
  'isoDateTime',
  /** ISO, `/Date(ms)/` or date-time → `YYYY-MM-DD`. */
  'isoDate',
  /** Epoch milliseconds → ISO date-time. */
  'epochMsToIsoDateTime',
]);
export type TransformName = z.infer<typeof TransformNameSchema>;

const toDateMs = (value: unknown): number | undefined => {
  if (typeof value !== 'string') return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return parseCursorValue(`${value}T00:00:00Z`, 'iso');
  return parseCursorValue(value, 'odata-v2-date');
};

/**
 * What each converting transform accepts, for quarantine reasons that name the value (`"12 Stk." is not a
 * number`); transforms that only tidy a value (`trim`, `emptyToMissing`…) cannot fail and are left out.
 */
export const TRANSFORM_ACCEPTS: Partial<Record<TransformName, string>> = {
  string: 'a text, number or boolean',
  number: 'a number',
  integer: 'a number',
  boolean: 'a yes/no value (true/false, X/empty, 1/0)',
  isoDateTime: 'a date-time (ISO 8601 or /Date(ms)/)',
  isoDate: 'a date (YYYY-MM-DD, ISO 8601 or /Date(ms)/)',
  epochMsToIsoDateTime: 'a time in epoch milliseconds',
};

/** Applies one transform; `undefined` in gives `undefined` out. */
export const applyTransform = (name: TransformName, value: unknown): unknown => {
  if (value === undefined || value === null) return undefined;
  switch (name) {
    case 'string':
      return typeof value === 'string'
        ? value
        : typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : undefined;
    case 'number': {
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && value.trim() !== ''
            ? Number(value)
            : Number.NaN;
      return Number.isFinite(n) ? n : undefined;
    }
    case 'integer': {
      const n = applyTransform('number', value);
      return typeof n === 'number' ? Math.trunc(n) : undefined;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'X' || value === 1) return true;
      if (value === 'false' || value === '' || value === 0) return false;
      return undefined;
    case 'trim':
      return typeof value === 'string' ? value.trim() : value;
    case 'lowercase':
      return typeof value === 'string' ? value.toLowerCase() : value;
    case 'uppercase':
      return typeof value === 'string' ? value.toUpperCase() : value;
    case 'emptyToMissing':
      return typeof value === 'string' && value.trim() === '' ? undefined : value;
    case 'stripLeadingZeros':
      return typeof value === 'string' && /^\d+$/.test(value) ? value.replace(/^0+(?=\d)/, '') : value;
    case 'isoDateTime': {
      const ms = toDateMs(value);
      return ms === undefined ? undefined : new Date(ms).toISOString();
    }
    case 'isoDate': {
      const ms = toDateMs(value);
      return ms === undefined ? undefined : new Date(ms).toISOString().slice(0, 10);
    }
    case 'epochMsToIsoDateTime': {
      const ms = parseCursorValue(value, 'epoch-ms');
      return ms === undefined ? undefined : new Date(ms).toISOString();
    }
  }
};
