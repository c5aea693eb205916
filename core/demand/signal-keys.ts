import { createHash } from 'node:crypto';

// Stryker disable next-line ArrowFunction: a static mutant (made when the module loads; the config leaves static mutants out, this survivor is a result reused from before that), killed by hand by signal-keys.test.ts (keys of unsafe or over-long part numbers)
const shortHash = (...parts: readonly string[]) =>
  createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 12);

/** Characters safe in a URL path segment and in every ERP key field we know of. */
const UNSAFE = /[^A-Za-z0-9_-]/g;

/**
 * The key of the one planned order for a part, plant and planning period: `PIR-<part>-<plant>-<yyyymmdd>`.
 * It travels as a path parameter (`PUT <url>/<key>`), so unsafe characters are replaced; when that
 * changed the part number, a hash of the original keeps two such parts apart.
 */
export const demandSignalKey = (partNumber: string, plant: string, periodStart: string): string => {
  const safePart = partNumber.replace(UNSAFE, '_');
  const safePlant = plant.replace(UNSAFE, '_');
  const disambiguator =
    safePart === partNumber && safePlant === plant ? '' : `-${shortHash(partNumber, plant)}`;
  const key = `PIR-${safePart}-${safePlant}-${periodStart.replaceAll('-', '')}${disambiguator}`;
  return key.length <= 128
    ? key
    : `PIR-${shortHash(partNumber, plant, periodStart)}-${periodStart.replaceAll('-', '')}`;
};

/**
 * One key per delivery of a signal's state: the same decision delivered twice (a retry, a replay)
 * carries the same key, a later revision a different one.
 */
export const demandSignalIdempotencyKey = (
  signalKey: string,
  revision: number,
  action: 'raise' | 'supersede' | 'withdraw',
): string => `${signalKey}.r${revision}.${action}.${shortHash(signalKey, String(revision), action)}`;
