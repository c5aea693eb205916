import { runPooled } from '../../core/concurrency/run-pooled.ts';
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
  await runPooled([...byKey.values()], inFlight, async (same) => {
    for (const filing of same) await write(filing);
  });
};
