import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import { toIdentityRecord } from '../../../core/identity/reresolve-cluster.ts';
import { resolveIdentities } from '../../../core/identity/resolve-identities.ts';
import { unmergeCustomer } from '../../../core/identity/unmerge-customer.ts';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import {
  expectedState,
  latestRecords,
  type Operation,
  operationsArbitrary,
  recordSpecArbitrary,
  separationsIn,
  stateOf,
  toRecord,
} from './identity-model.ts';

// HUB360_PROPERTY_RUNS scales every property (e.g. 10 for a deep hunt); the default keeps the suite fast.
const scale = Number(process.env.HUB360_PROPERTY_RUNS ?? '1');
const runs = (n: number) => Math.max(1, Math.round(n * scale));

const deps = (backend: MemoryBackend) => {
  let n = 0;
  return {
    backend,
    config: defaultIdentityConfig,
    hashOf: (idKey: string) => idKey,
    newCustomerId: () => `c${++n}`,
    now: () => new Date('2026-03-01T00:00:00Z'),
    maxAttempts: 3,
    pause: async () => {},
  };
};

const run = async (operations: readonly Operation[]) => {
  const backend = new MemoryBackend();
  const d = deps(backend);
  const ingested = [];
  for (const op of operations) {
    if (op.kind === 'page') {
      await ingestPage(op.records.map(toRecord), d);
      ingested.push(...op.records);
      continue;
    }
    const entries = [...backend.items.values()].filter(
      (i) => i.kind === 'ledger' && (i.entry as { kind: string }).kind === 'merge',
    );
    const entry = entries[op.pick % Math.max(1, entries.length)];
    if (!entry) continue;
    await unmergeCustomer(
      { ...d, now: '2026-03-02T00:00:00Z' },
      String(entry.customerId),
      String((entry.entry as { entryId: string }).entryId),
      {
        requestedBy: 'test',
        reason: 'property',
      },
    );
  }
  return { backend, ingested };
};

describe('identity resolution invariants (property-based)', () => {
  it('the pure resolver depends only on the set of records, not their order', () => {
    fc.assert(
      fc.property(fc.array(recordSpecArbitrary, { minLength: 1, maxLength: 12 }), fc.nat(), (specs, seed) => {
        const records = latestRecords(specs).map(toIdentityRecord);
        const shuffled = [...records].sort(
          (a, b) => ((a.recordKey.length * 31 + seed) % 7) - ((b.recordKey.length * 17 + seed) % 5),
        );
        const a = resolveIdentities(records, [], defaultIdentityConfig.uniqueTypes);
        const b = resolveIdentities(shuffled.reverse(), [], defaultIdentityConfig.uniqueTypes);
        expect(b.clusters).toEqual(a.clusters);
        expect([...b.owners.entries()].sort()).toEqual([...a.owners.entries()].sort());
      }),
      { numRuns: runs(1000) },
    );
  }, 120_000);

  it('after any sequence of pages (any order, any duplication) every identifier has one owner and the state equals a clean replay', async () => {
    await fc.assert(
      fc.asyncProperty(operationsArbitrary(8, false), async (operations) => {
        const { backend, ingested } = await run(operations);
        const { state, violations } = stateOf(backend);
        expect(violations).toEqual([]);
        const latest = latestRecords(ingested);
        expect(state).toEqual(expectedState(latest, []));
      }),
      { numRuns: runs(300) },
    );
  }, 300_000);

  it('with unmerges interleaved, the state equals the resolution of the same records and separations', async () => {
    await fc.assert(
      fc.asyncProperty(operationsArbitrary(10, true), async (operations) => {
        const { backend, ingested } = await run(operations);
        const { state, violations } = stateOf(backend);
        expect(violations).toEqual([]);
        expect(state).toEqual(expectedState(latestRecords(ingested), separationsIn(backend)));
      }),
      { numRuns: runs(200) },
    );
  }, 300_000);
});
