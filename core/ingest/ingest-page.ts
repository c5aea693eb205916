import type { IngestRecord } from '../../schemas/entities/validated-record.ts';
import type { IdentityConfig } from '../identity/identity-config.ts';
import type { IngestResult, OutcomeKind, RecordOutcome } from '../ports/customer-store.ts';
import type { StoreBackend } from '../ports/store-backend.ts';
import { ingestUnsettledRecord } from './ingest-unsettled-record.ts';
import { packCommits } from './pack-commits.ts';
import { planSettledWrites } from './plan-settled-writes.ts';
import { type PreparedRecord, prepareRecords } from './prepare-records.ts';
import { readSnapshot } from './read-snapshot.ts';

export interface IngestDeps {
  readonly backend: StoreBackend;
  readonly config: IdentityConfig;
  readonly hashOf: (idKey: string) => string;
  readonly newCustomerId: () => string;
  readonly now: () => Date;
  readonly maxAttempts: number;
  readonly pause: (attempt: number) => Promise<void>;
  /** Independent commits sent at once. @default 4 */
  readonly commitConcurrency?: number;
}

/** Rounds of settled-identity writes before records that keep losing races are re-resolved one by one. */
const SETTLED_WRITE_ROUNDS = 3;

const countOutcomes = (outcomes: readonly RecordOutcome[]): Record<OutcomeKind, number> => {
  const counts: Record<OutcomeKind, number> = {
    written: 0,
    unchanged: 0,
    stale: 0,
    suppressed: 0,
    rejected: 0,
  };
  for (const o of outcomes) counts[o.outcome]++;
  return counts;
};

const inBatches = async <T>(items: readonly T[], size: number, run: (item: T) => Promise<void>) => {
  // Stryker disable next-line EqualityOperator: a round at i === items.length slices an empty batch, and Promise.all([]) commits nothing.
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
};

/**
 * Ingests one page: validate, read what is known in batches, write every record whose identity is
 * settled in packed atomic commits, and send the rest through identity restructuring. Resolves only
 * when every record is committed or has its reason, so a connector may checkpoint afterwards.
 */
export const ingestPage = async (
  inputs: readonly IngestRecord[] | readonly unknown[],
  deps: IngestDeps,
): Promise<IngestResult> => {
  const { prepared, outcomes } = prepareRecords(inputs, deps.config);
  let pending: PreparedRecord[] = prepared;
  const slow: PreparedRecord[] = [];
  for (let round = 0; round < SETTLED_WRITE_ROUNDS && pending.length > 0; round++) {
    if (round > 0) await deps.pause(round);
    const snapshot = await readSnapshot(deps.backend, pending, deps.hashOf);
    const plan = planSettledWrites(pending, {
      snapshot,
      config: deps.config,
      hashOf: deps.hashOf,
      newCustomerId: deps.newCustomerId,
      now: deps.now().toISOString(),
    });
    const retry: PreparedRecord[] = [];
    const fast = [];
    for (const entry of plan) {
      if (entry.kind === 'done') outcomes.push(entry.outcome);
      else if (entry.kind === 'slow') slow.push(entry.prepared);
      else fast.push(entry.write);
    }
    for (const wave of packCommits(fast)) {
      await inBatches(wave, deps.commitConcurrency ?? 4, async (commit) => {
        const result = await deps.backend.commit(commit.ops);
        for (const write of commit.writes) {
          if (!result.ok) retry.push(write.prepared);
          else
            outcomes.push({
              index: write.prepared.index,
              outcome: 'written',
              recordKey: write.prepared.record.recordKey,
              ...(write.customerId ? { customerId: write.customerId } : {}),
            });
        }
      });
    }
    pending = retry;
  }
  slow.push(...pending);
  slow.sort((a, b) => a.index - b.index);
  for (const entry of slow) {
    outcomes.push(
      await ingestUnsettledRecord(entry, {
        backend: deps.backend,
        config: deps.config,
        hashOf: deps.hashOf,
        newCustomerId: deps.newCustomerId,
        now: deps.now().toISOString(),
        maxAttempts: deps.maxAttempts,
        pause: deps.pause,
      }),
    );
  }
  outcomes.sort((a, b) => a.index - b.index);
  return { outcomes, counts: countOutcomes(outcomes) };
};
