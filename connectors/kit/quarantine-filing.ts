import type { QuarantineFiling } from './prepared-page.ts';

/** Quarantine writes of one page in flight at once, so a page of bad rows does not flood the state table. */
export const QUARANTINE_WRITES_IN_FLIGHT = 8;

/**
 * Files a page's quarantined records concurrently (at most `inFlight` writes at a time) instead of one round
 * trip after another. Filings of the same key stay in their order, so the entry keeps the last reason, as
 * filing them one by one would. Resolves once every filing is written; rejects with the first failure after
 * the writes already started have settled (none is left running behind the caller).
 */
export const fileQuarantined = async (
  filings: readonly QuarantineFiling[],
  write: (filing: QuarantineFiling) => Promise<void>,
  inFlight = QUARANTINE_WRITES_IN_FLIGHT,
): Promise<void> => {
  const byKey = new Map<string, QuarantineFiling[]>();
  for (const filing of filings) {
    const same = byKey.get(filing.recordKey);
    if (same) same.push(filing);
    else byKey.set(filing.recordKey, [filing]);
  }
  const keys = [...byKey.values()];
  let failed = false;
  const worker = async () => {
    for (let group = keys.shift(); group !== undefined && !failed; group = keys.shift()) {
      for (const filing of group) await write(filing);
    }
  };
  const workers = Array.from({ length: Math.min(inFlight, keys.length) }, () =>
    worker().catch((err: unknown) => {
      failed = true;
      throw err;
    }),
  );
  const outcomes = await Promise.allSettled(workers);
  const failure = outcomes.find((o) => o.status === 'rejected');
  if (failure) throw failure.reason;
};
