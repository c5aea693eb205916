import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import { eraseCustomer } from '../../../core/privacy/erase-customer.ts';
import { email, exampleCustomer, exampleOrder, webUser } from '../../../schemas/entities/examples.ts';
import { memoryIngestDeps } from '../../support/memory-ingest-deps.ts';
import { checkMemoryStore } from '../../support/memory-store-check.ts';
import { propertyRuns, propertyTimeoutMs } from '../../support/property-runs.ts';
import { StoppingBackend } from '../../support/stopping-backend.ts';

// An erasure of a customer with many records is more writes than one commit holds: it is committed in several,
// the marker last. Whatever commit its function dies after, the store check's repair an hour later must end where
// the erasure without the stop ends: the same items left in the table (the erased profile, the marker, the
// suppressions, the other customers untouched), with the marker naming the request the first attempt answered.

/** Each property takes a few seconds at the default scale. */
const TIMEOUT_MS = propertyTimeoutMs(30_000);

const NOW = '2026-03-05T12:00:00.000Z';
const AN_HOUR_LATER = new Date(Date.parse(NOW) + 60 * 60_000);
const who = { requestedBy: 'dpo@example.com', reason: 'GDPR art. 17' };

/** Ann with `orders` orders (a web id too), and Bo with a few, each a customer of their own. */
const twoCustomers = async (orders: number) => {
  const backend = new StoppingBackend(Number.POSITIVE_INFINITY, 'die');
  const deps = memoryIngestDeps(backend, { now: () => new Date(NOW) });
  await ingestPage(
    [
      exampleCustomer({ key: 'A', version: '1' }, [email('ann@x.de'), webUser('w-ann')]),
      ...Array.from({ length: orders }, (_, i) =>
        exampleOrder({ key: `A-${i}`, version: '1' }, [email('ann@x.de')]),
      ),
    ],
    deps,
  );
  await ingestPage(
    [
      exampleCustomer({ key: 'B', version: '1' }, [email('bo@x.de')]),
      exampleOrder({ key: 'B-1', version: '1' }, [email('bo@x.de')]),
    ],
    deps,
  );
  return { backend, deps };
};

const erase = (backend: MemoryBackend) =>
  eraseCustomer(
    { backend, hashOf: (id) => id, now: NOW, timing: { sleep: async () => undefined } },
    'c1',
    who,
  );

/** Every item's key and kind, and the marker's request: what an erasure leaves, whenever it ran. */
const leftOf = (backend: MemoryBackend) => ({
  items: [...backend.items.values()].map((item) => `${item.pk} ${item.sk} ${String(item.kind)}`).sort(),
  marker: [...backend.items.values()]
    .filter((item) => item.kind === 'erasure')
    .map(({ requestedBy, reason }) => ({ requestedBy, reason })),
});

describe('an erasure stopped after any of its commits, then finished by the store check', () => {
  it(
    'leaves what the erasure without the stop leaves, for the same request',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 40, max: 160 }),
          fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
          async (orders, when) => {
            const reference = await twoCustomers(orders);
            reference.backend.allow();
            expect((await erase(reference.backend)).kind).toBe('erased');
            const commits = reference.backend.commits;
            fc.pre(commits > 1);

            const world = await twoCustomers(orders);
            world.backend.allow(1 + Math.floor(when * (commits - 1)));
            await expect(erase(world.backend)).rejects.toThrow('the function timed out');
            world.backend.allow();
            const check = (repair: boolean) =>
              checkMemoryStore(world.backend, world.deps, AN_HOUR_LATER, { repair });

            const report = await check(true);

            expect(report.violations).toEqual([
              { kind: 'erasureUnfinished', customerId: 'c1', startedAt: NOW },
            ]);
            expect(report.repaired).toEqual(report.violations);
            expect(leftOf(world.backend)).toEqual(leftOf(reference.backend));
            expect((await check(false)).violations).toEqual([]);
          },
        ),
        { numRuns: propertyRuns(20) },
      );
    },
    TIMEOUT_MS,
  );
});
