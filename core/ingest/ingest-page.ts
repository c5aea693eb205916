import type { IngestRecord } from '../../schemas/entities/validated-record.ts';
import type { IdentityConfig } from '../identity/identity-config.ts';
import type { IngestResult, OutcomeKind, RecordOutcome } from '../ports/customer-store.ts';
import type { StoreBackend } from '../ports/store-backend.ts';
import { ingestUnsettledRecord } from './ingest-unsettled-record.ts';
import { packCommits } from './pack-commits.ts';
import { type FastWrite, planSettledWrites } from './plan-settled-writes.ts';
import { type PreparedRecord, prepareRecords } from './prepare-records.ts';
import { readSnapshot } from './read-snapshot.ts';
import { type StrayCopy, writePlain } from './write-plain.ts';

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
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
};

/**
 * Ingests one page: validate, read what is known in batches, write every record whose identity is
 * settled (new customers and identifier claims in packed atomic commits, everything else with plain
 * conditional writes), and send the rest through identity restructuring. Resolves only
 * when every record is committed or has its reason, so a connector may checkpoint afterwards.
 */
export const ingestPage = async (
  inputs: readonly IngestRecord[] | readonly unknown[],
  deps: IngestDeps,
): Promise<IngestResult> => {
  const { prepared, outcomes } = prepareRecords(inputs, deps.config);
  let pending: PreparedRecord[] = prepared;
  const slow: { prepared: PreparedRecord; stray?: StrayCopy }[] = [];
  const written = (write: FastWrite): RecordOutcome => ({
    index: write.prepared.index,
    outcome: 'written',
    recordKey: write.prepared.record.recordKey,
    ...(write.customerId ? { customerId: write.customerId } : {}),
  });
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
    const atomic: FastWrite[] = [];
    const plain: FastWrite[] = [];
    for (const entry of plan) {
      if (entry.kind === 'done') outcomes.push(entry.outcome);
      else if (entry.kind === 'slow') slow.push({ prepared: entry.prepared });
      else (entry.write.atomic ? atomic : plain).push(entry.write);
    }
    // Creations and claims first, atomically: the plain writes of this page may rely on them.
    const failedCustomers = new Set<string>();
    for (const wave of packCommits(atomic)) {
      await inBatches(wave, deps.commitConcurrency ?? 4, async (commit) => {
        const result = await deps.backend.commit(commit.ops);
        for (const write of commit.writes) {
          if (result.ok) outcomes.push(written(write));
          else {
            retry.push(write.prepared);
            if (write.customerId !== undefined) failedCustomers.add(write.customerId);
          }
        }
      });
    }
    const ready = plain.filter((w) => w.reliesOn === undefined || !failedCustomers.has(w.reliesOn));
    for (const write of plain) if (!ready.includes(write)) retry.push(write.prepared);
    const result = await writePlain(deps.backend, ready);
    for (const write of result.written) outcomes.push(written(write));
    for (const write of result.stale)
      outcomes.push({
        index: write.prepared.index,
        outcome: 'stale',
        recordKey: write.prepared.record.recordKey,
      });
    for (const write of result.retry) retry.push(write.prepared);
    for (const { write, stray } of result.repair) slow.push({ prepared: write.prepared, stray });
    pending = retry;
  }
  slow.push(...pending.map((p) => ({ prepared: p })));
  slow.sort((a, b) => a.prepared.index - b.prepared.index);
  for (const entry of slow) {
    outcomes.push(
      await ingestUnsettledRecord(
        entry.prepared,
        {
          backend: deps.backend,
          config: deps.config,
          hashOf: deps.hashOf,
          newCustomerId: deps.newCustomerId,
          now: deps.now().toISOString(),
          maxAttempts: deps.maxAttempts,
          pause: deps.pause,
        },
        entry.stray,
      ),
    );
  }
  outcomes.sort((a, b) => a.index - b.index);
  return { outcomes, counts: countOutcomes(outcomes) };
};
