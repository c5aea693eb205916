import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { describeViolation, runStoreCheck } from '../../../app/store-check/run-store-check.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { keyString } from '../../../core/items/write-ops.ts';
import { eraseCustomer } from '../../../core/privacy/erase-customer.ts';
import { ERASURE_STALLED_AFTER_MS } from '../../../core/store-check/check-store-invariants.ts';
import { email, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { memoryIngestDeps } from '../../support/memory-ingest-deps.ts';
import { checkMemoryStore, memoryStoreReader } from '../../support/memory-store-check.ts';
import { StoppingBackend } from '../../support/stopping-backend.ts';
import { identifierItems, profileItem, recordItems, storedRecord } from '../items/stored-items.ts';

// An erasure is one request that takes seconds. One that stopped part-way (its function timed out, a write was
// refused) leaves the customer unerased, and the item that holds the part issue index back for the customer stays:
// the daily store check names it and, with --repair (as the daily run on AWS), erases the customer again for the
// request the erasure recorded.

const who = { requestedBy: 'dpo@example.com', reason: 'GDPR art. 17' };
const startedAt = '2026-03-05T12:00:00.000Z';
const at = (msAfterStart: number) => new Date(Date.parse(startedAt) + msAfterStart);

const hashOf = (idKey: string) => `h(${idKey})`;
const ann = storedRecord(exampleCustomer({ key: 'A', version: '1' }, [email('ann@example.com')]));
const annOrder = storedRecord(exampleOrder({ key: 'O-1', version: '1' }, [email('ann@example.com')]));

const customerItems = (): Item[] => [
  profileItem('c1', 'active', { seedRecord: ann.recordKey }),
  ...recordItems(ann, 'c1'),
  ...recordItems(annOrder, 'c1'),
  ...identifierItems('email:ann@example.com', 'c1', hashOf),
];

/** The customer's erasure, stopped after its first commit (the item that holds the index back). */
const stoppedErasure = async () => {
  const backend = new StoppingBackend(1);
  for (const item of customerItems()) backend.items.set(keyString(item), structuredClone(item));
  await expect(
    eraseCustomer({ backend, hashOf, now: startedAt, timing: { sleep: async () => undefined } }, 'c1', who),
  ).rejects.toThrow(/erasure of c1 \(a write was refused\): still failing/);
  return backend;
};

describe('the store check and an erasure that stopped part-way', () => {
  it('names the customer once the erasure has stalled, and reports it left without the store to finish it', async () => {
    // prepare
    const backend = await stoppedErasure();
    expect(backend.items.has(keyString({ pk: keys.customer('c1'), sk: keys.erasureUnderWay }))).toBe(true);

    // act
    const report = await runStoreCheck(
      { reader: memoryStoreReader(backend), backend, now: () => at(ERASURE_STALLED_AFTER_MS) },
      { repair: true },
    );

    // assert
    expect(report.violations).toEqual([{ kind: 'erasureUnfinished', customerId: 'c1', startedAt }]);
    expect(report.repaired).toEqual([]);
    expect(describeViolation(report.violations[0] as never)).toBe(
      `erasure of customer c1 started ${startedAt} and did not finish: --repair finishes it (so does requesting it again)`,
    );
  });

  it('finishes it with --repair, for the request the erasure recorded, and finds nothing afterwards', async () => {
    // prepare: the stopped erasure's items in a table that takes every write
    const stopped = await stoppedErasure();
    const backend = new MemoryBackend();
    for (const item of stopped.items.values()) backend.items.set(keyString(item), structuredClone(item));
    const later = at(ERASURE_STALLED_AFTER_MS);
    const deps = memoryIngestDeps(backend, { hashOf });

    // act
    const report = await checkMemoryStore(backend, deps, later, { repair: true });
    const again = await checkMemoryStore(backend, deps, later, { repair: false });

    // assert
    expect(report.repaired).toEqual([{ kind: 'erasureUnfinished', customerId: 'c1', startedAt }]);
    expect(again.violations).toEqual([]);
    const left = [...backend.items.values()].filter((item) => item.pk === keys.customer('c1'));
    expect(left.map((item) => item.sk).sort()).toEqual([keys.erasure, keys.profile]);
    expect(backend.items.get(keyString({ pk: keys.customer('c1'), sk: keys.erasure }))).toMatchObject(who);
    // Ann's e-mail is a suppression entry now: a later sync of her records is refused
    expect(
      backend.items.get(keyString({ pk: keys.identifier(hashOf('email:ann@example.com')), sk: keys.owner })),
    ).toMatchObject({
      kind: 'suppressed',
    });
  });

  it('finishes one whose item predates the recorded request in the name of the store check, saying so', async () => {
    // prepare: the item as erasures wrote it before they recorded their request
    const stopped = await stoppedErasure();
    const backend = new MemoryBackend();
    for (const item of stopped.items.values()) backend.items.set(keyString(item), structuredClone(item));
    const underWay = backend.items.get(keyString({ pk: keys.customer('c1'), sk: keys.erasureUnderWay }));
    delete underWay?.requestedBy;
    delete underWay?.reason;

    // act
    const report = await checkMemoryStore(
      backend,
      memoryIngestDeps(backend, { hashOf }),
      at(ERASURE_STALLED_AFTER_MS),
      {
        repair: true,
      },
    );

    // assert
    expect(report.repaired).toHaveLength(1);
    expect(backend.items.get(keyString({ pk: keys.customer('c1'), sk: keys.erasure }))).toMatchObject({
      requestedBy: 'hub360 store check',
      reason: `finishing an erasure that stopped part-way (started ${startedAt}; its request was not recorded)`,
    });
  });

  it('reports an erasure it could not finish as skipped and goes on with the run', async () => {
    // prepare: the store's erasure fails (its writes refused on every attempt, say)
    const backend = await stoppedErasure();
    const identity = {
      finishRestructuring: async () => ({ kind: 'notMarked' as const }),
      eraseCustomer: async () => {
        throw new Error('erasure of c1 (a write was refused): still failing after 5 attempts');
      },
    };

    // act
    const report = await runStoreCheck(
      { reader: memoryStoreReader(backend), backend, identity, now: () => at(ERASURE_STALLED_AFTER_MS) },
      { repair: true },
    );

    // assert
    expect(report.skipped).toEqual([{ kind: 'erasureUnfinished', customerId: 'c1', startedAt }]);
    expect(report.repaired).toEqual([]);
  });

  it('leaves an erasure that may still be running alone', async () => {
    // prepare
    const backend = await stoppedErasure();

    // act
    const report = await runStoreCheck(
      { reader: memoryStoreReader(backend), now: () => at(ERASURE_STALLED_AFTER_MS - 1) },
      { repair: false },
    );

    // assert
    expect(report.violations).toEqual([]);
  });

  it('finds nothing once the erasure has been requested again and finished', async () => {
    // prepare
    const stopped = await stoppedErasure();
    const backend = new MemoryBackend();
    for (const item of stopped.items.values()) backend.items.set(keyString(item), structuredClone(item));

    // act
    const erased = await eraseCustomer({ backend, hashOf, now: '2026-03-06T09:00:00.000Z' }, 'c1', who);
    const report = await runStoreCheck(
      { reader: memoryStoreReader(backend), now: () => at(2 * ERASURE_STALLED_AFTER_MS) },
      { repair: false },
    );

    // assert
    expect(erased.kind).toBe('erased');
    expect(report.violations).toEqual([]);
  });
});
