import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import { readCluster } from '../../../core/identity/read-cluster.ts';
import { reresolveCluster } from '../../../core/identity/reresolve-cluster.ts';
import { versionOrder } from '../../../core/identity/version-order.ts';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import { keys } from '../../../core/items/keys.ts';
import type { StoredRecord } from '../../../core/items/stored-record.ts';
import { keyString, type WriteOp } from '../../../core/items/write-ops.ts';
import type { StoreBackend } from '../../../core/ports/store-backend.ts';
import { eraseCustomer } from '../../../core/privacy/erase-customer.ts';
import { email, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { memoryIngestDeps } from '../../support/memory-ingest-deps.ts';
import { storedRecord } from '../items/stored-items.ts';

// An erasure deletes what it read of the customer. A merge that moved the customer's records to another customer
// while the erasure ran would take them where the erasure never looks: the person's data would stay, under the
// survivor's id, while the erasure answered that the customer was merged. A restructuring therefore waits for an
// erasure under way, and one that read the customer before the erasure began is refused at its commit.

const NOW = '2026-03-01T00:00:00.000Z';
const hashOf = (idKey: string) => `h:${idKey}`;
const who = { requestedBy: 'dpo@example.com', reason: 'GDPR art. 17' };
const noWait = { sleep: async () => undefined };
const doraKey = 'customer#sap-s4#business-partners#A';

/**
 * c1 is Dora (a@x.de, one record), c2 is Bert (b@x.de, a customer record and an order): an order carrying both
 * e-mails makes them one customer, and Bert's, holding more of the records, survives.
 */
const doraAndBert = async () => {
  const backend = new MemoryBackend();
  const deps = memoryIngestDeps(backend, { hashOf, now: () => new Date(NOW), maxAttempts: 1 });
  await ingestPage([exampleCustomer({ key: 'A', version: '1' }, [email('a@x.de')])], deps);
  await ingestPage(
    [
      exampleCustomer({ key: 'B', version: '1' }, [email('b@x.de')]),
      exampleOrder({ key: 'B-1', version: '1' }, [email('b@x.de')]),
    ],
    deps,
  );
  const linkingOrder = exampleOrder({ key: 'O3', version: '1' }, [email('a@x.de'), email('b@x.de')]);
  return { backend, deps, linkingOrder };
};

/**
 * A writer's view of the table that stops it after the first commit `stopsAfter` accepts: its next commit waits
 * for `release`. `held` resolves when it has stopped there.
 */
const heldAfter = (backend: MemoryBackend, stopsAfter: (ops: readonly WriteOp[]) => boolean) => {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let holding = () => {};
  const held = new Promise<void>((resolve) => {
    holding = resolve;
  });
  let stopped = false;
  let stopNext = false;
  const view: StoreBackend = {
    getItems: (k) => backend.getItems(k),
    readPartition: (pk) => backend.readPartition(pk),
    writeEach: (ops) => backend.writeEach(ops),
    async commit(ops: readonly WriteOp[]) {
      if (stopNext && !stopped) {
        stopped = true;
        holding();
        await released;
      }
      const result = await backend.commit(ops);
      if (result.ok && stopsAfter(ops)) stopNext = true;
      return result;
    },
  };
  return { view, held, release };
};

/** The erasure's view of the table: it stops after its first commit, holding the customer. */
const erasureHeldAfterFirstCommit = (backend: MemoryBackend) => heldAfter(backend, () => true);

const itemsOf = (backend: MemoryBackend, recordKey: string) =>
  [...backend.items.values()].filter(
    (item) => item.recordKey === recordKey || String(item.sk).includes(recordKey),
  );

/** Dora's (c1) erasure, started and stopped after its first commit: it holds her, her revision moved. */
const erasureOfDoraHeld = async (backend: MemoryBackend) => {
  const erasureTable = erasureHeldAfterFirstCommit(backend);
  const erasure = eraseCustomer({ backend: erasureTable.view, hashOf, now: NOW, timing: noWait }, 'c1', who);
  await erasureTable.held;
  return { erasure, erasureTable };
};

describe('an erasure racing a merge of the customer being erased', () => {
  it('makes a merge wait until the erasure is done; the record linking to the erased customer is then suppressed', async () => {
    const { backend, deps, linkingOrder } = await doraAndBert();
    const { erasure, erasureTable } = await erasureOfDoraHeld(backend);
    const pauses: number[] = [];

    const result = await ingestPage([linkingOrder], {
      ...deps,
      maxAttempts: 3,
      pause: async (attempt) => {
        pauses.push(attempt);
        erasureTable.release();
        await erasure;
      },
    });

    expect(await erasure).toMatchObject({ kind: 'erased' });
    expect(pauses).toEqual([1]);
    expect(result.outcomes).toEqual([
      expect.objectContaining({ outcome: 'suppressed', recordKey: 'order#sap-s4#sales-orders#O3' }),
    ]);
    expect(itemsOf(backend, doraKey)).toEqual([]);
    expect(backend.items.get(keyString({ pk: keys.customer('c2'), sk: keys.profile }))).toMatchObject({
      status: 'active',
      rev: 0,
    });
    expect(backend.items.get(keyString({ pk: keys.customer('c1'), sk: keys.profile }))).toMatchObject({
      status: 'erased',
    });
  });

  it('refuses a merge that read the customer before the erasure began, which then reads again and waits', async () => {
    const { backend, linkingOrder } = await doraAndBert();
    const order: StoredRecord = storedRecord(linkingOrder);
    const gathered = await readCluster(backend, [], order.linkIds, hashOf);
    const records = new Map([...gathered.records].map(([rk, v]) => [rk, v.record]));
    records.set(order.recordKey, order);
    const { erasure, erasureTable } = await erasureOfDoraHeld(backend);
    const restructure = (from: typeof gathered) =>
      reresolveCluster(
        { backend, config: defaultIdentityConfig, hashOf, newCustomerId: () => 'c9', now: NOW },
        from,
        records,
        { incoming: { record: order, versionOrd: versionOrder('1'), locator: undefined } },
      );

    expect(await restructure(gathered)).toBeUndefined();
    expect(await restructure(await readCluster(backend, [], order.linkIds, hashOf))).toBeUndefined();
    erasureTable.release();

    expect(await erasure).toMatchObject({ kind: 'erased' });
    expect(itemsOf(backend, doraKey)).toEqual([]);
    expect(backend.items.get(keyString({ pk: keys.customer('c2'), sk: keys.profile }))).toMatchObject({
      status: 'active',
      rev: 0,
    });
  });

  it('stops a merge split over several commits when an erasure of the survivor begins in between, leaving nothing of the person', async () => {
    const backend = new MemoryBackend();
    const deps = memoryIngestDeps(backend, { hashOf, now: () => new Date(NOW) });
    // Sam (c1) holds 60 orders, Mo (c2) 40: a merge moves Mo's 41 records into Sam's partition, over 200 writes.
    const ordersOf = (who: string, count: number, address: string) =>
      Array.from({ length: count }, (_, i) =>
        exampleOrder({ key: `${who}-${i}`, version: '1' }, [email(address)]),
      );
    await ingestPage(
      [exampleCustomer({ key: 'S', version: '1' }, [email('s@x.de')]), ...ordersOf('S', 60, 's@x.de')],
      deps,
    );
    await ingestPage(
      [exampleCustomer({ key: 'M', version: '1' }, [email('m@x.de')]), ...ordersOf('M', 40, 'm@x.de')],
      deps,
    );
    const personsRecords = [...backend.items.values()]
      .filter((i) => i.kind === 'record')
      .map((i) => String(i.recordKey));
    expect(personsRecords).toHaveLength(102);
    const mergeTable = heldAfter(backend, (ops) =>
      ops.some((op) => op.op === 'patch' && op.set.status === 'merged'),
    );
    const linking = exampleOrder({ key: 'O3', version: '1' }, [email('s@x.de'), email('m@x.de')]);

    const merge = ingestPage([linking], { ...deps, backend: mergeTable.view });
    await mergeTable.held;
    const erasure = await eraseCustomer({ backend, hashOf, now: NOW, timing: noWait }, 'c1', who);
    mergeTable.release();
    const result = await merge;

    expect(erasure).toMatchObject({ kind: 'erased' });
    expect(result.outcomes).toEqual([expect.objectContaining({ outcome: 'suppressed' })]);
    const left = [...backend.items.values()].filter(
      (item) =>
        personsRecords.includes(String(item.recordKey)) || personsRecords.some((rk) => item.sk.includes(rk)),
    );
    expect(left.map((i) => `${i.pk} / ${i.sk} / ${i.kind}`)).toEqual([]);
    // The merged customer was a pointer to the erased one: it went with it.
    expect([...backend.items.values()].filter((i) => i.pk === keys.customer('c2'))).toEqual([]);
  });
});
