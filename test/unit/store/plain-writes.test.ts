import { describe, expect, it } from 'vitest';
import { MemoryBackend, type MemoryChange } from '../../../adapters/memory/memory-backend.ts';
import { type IngestDeps, ingestPage } from '../../../core/ingest/ingest-page.ts';
import { keys } from '../../../core/items/keys.ts';
import { buildRecordItems } from '../../../core/items/record-items.ts';
import type { StoredRecord } from '../../../core/items/stored-record.ts';
import {
  type CommitResult,
  keyString,
  type WriteOp,
  type WriteOutcome,
} from '../../../core/items/write-ops.ts';
import { email, erp, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { memoryIngestDeps } from '../../support/memory-ingest-deps.ts';
import { announcedVersions } from './announcements.ts';
import { invariantBreachesOf } from './store-reference-model.ts';

// The plain-write path of settled records (core/ingest/write-plain.ts): its order of writes, what a crash
// between them leaves, and how a lost guard, a lost locator or a racing writer of the same version end.

/** Counts transactions and single writes, runs a hook before chosen single writes, and can die at the n-th one. */
class WatchedBackend extends MemoryBackend {
  commits = 0;
  singles: WriteOp[] = [];
  /** Runs (once) before the first single writes that touch an item whose sort key starts with this prefix. */
  beforeWrites?: { prefix: string; run: () => Promise<void> };
  /** From the n-th single write on (0-based), the store is gone: every call throws. */
  dieAtWrite = Number.POSITIVE_INFINITY;
  override async commit(ops: readonly WriteOp[]): Promise<CommitResult> {
    if (this.singles.length >= this.dieAtWrite) throw new Error('process killed');
    this.commits += 1;
    return super.commit(ops);
  }
  override async writeEach(ops: readonly WriteOp[]): Promise<WriteOutcome[]> {
    const hook = this.beforeWrites;
    if (hook && ops.some((op) => (op.op === 'put' ? op.item.sk : op.key.sk).startsWith(hook.prefix))) {
      this.beforeWrites = undefined;
      await hook.run();
    }
    const outcomes: WriteOutcome[] = [];
    for (const op of ops) {
      if (this.singles.length >= this.dieAtWrite) throw new Error('process killed');
      this.singles.push(op);
      outcomes.push(...(await super.writeEach([op])));
    }
    return outcomes;
  }
  item(pk: string, sk: string) {
    return this.items.get(keyString({ pk, sk }));
  }
}

const depsFor = (backend: MemoryBackend, writer = 'w1'): IngestDeps => {
  let n = 0;
  return memoryIngestDeps(backend, {
    newCustomerId: () => `${writer}-c${++n}`,
    maxAttempts: 5,
    newWriterId: () => writer,
    plainWrites: true,
  });
};

const ORDER_KEY = 'order#sap-s4#sales-orders#o1';
const order = (version: string, lines = 2) =>
  exampleOrder({ key: 'o1', version }, [erp('1')], {
    lines: Array.from({ length: lines }, (_, i) => ({ partNumber: `P-${i}`, quantity: i + 1 })),
  });

/** Customer c1 (ERP 1, a@x.de) and customer c2 (ERP 2, b@x.de), each from its own page. */
const twoCustomers = async (backend: MemoryBackend) => {
  await ingestPage(
    [exampleCustomer({ key: '1', version: '1' }, [erp('1'), email('a@x.de')])],
    depsFor(backend, 'a'),
  );
  await ingestPage(
    [exampleCustomer({ key: '2', version: '1' }, [erp('2'), email('b@x.de')])],
    depsFor(backend, 'b'),
  );
  const ownerOf = (idKey: string) =>
    String(backend.items.get(keyString({ pk: keys.identifier(idKey), sk: keys.owner }))?.customerId);
  return { first: ownerOf('erp:sap-s4:1'), second: ownerOf('erp:sap-s4:2') };
};

const locatorOf = (backend: WatchedBackend) => backend.item(keys.locator(ORDER_KEY), keys.locatorSort);

describe('plain writes of settled records', () => {
  it("writes a known customer's order as single-item writes in the safe order, without a transaction", async () => {
    // prepare
    const backend = new WatchedBackend();
    const { first } = await twoCustomers(backend);
    backend.commits = 0;
    backend.singles = [];

    // act
    const result = await ingestPage([order('1')], depsFor(backend));

    // assert: copies (the second line, then the order, which carries the first), then the guard, then the
    // locator; nothing atomic
    expect(result.counts.written).toBe(1);
    expect(backend.commits).toBe(0);
    expect(backend.singles.map((op) => (op.op === 'put' ? op.item.sk : op.key.sk))).toEqual([
      keys.orderLine(ORDER_KEY, '20'),
      keys.record(ORDER_KEY),
      keys.profile,
      keys.locatorSort,
    ]);
    expect(backend.item(keys.customer(first), keys.record(ORDER_KEY))?.writer).toBe('w1');
    expect(locatorOf(backend)?.customerId).toBe(first);
    expect(invariantBreachesOf([...backend.items.values()])).toEqual([]);
  });

  it('an order that drops a line deletes the old line before its commit point and keeps the store consistent', async () => {
    // prepare
    const backend = new WatchedBackend();
    const { first } = await twoCustomers(backend);
    await ingestPage([order('1', 3)], depsFor(backend));

    // act
    const result = await ingestPage([order('2', 1)], depsFor(backend, 'w2'));

    // assert
    expect(result.counts.written).toBe(1);
    expect(backend.item(keys.customer(first), keys.orderLine(ORDER_KEY, '20'))).toBeUndefined();
    expect(backend.item(keys.customer(first), keys.orderLine(ORDER_KEY, '30'))).toBeUndefined();
    expect(locatorOf(backend)?.auxKeys).toEqual([]);
    expect(invariantBreachesOf([...backend.items.values()])).toEqual([]);
  });

  it('a process killed between the copies and the commit point leaves a copy the replay of the page commits', async () => {
    // prepare: the store dies at the locator write (copies 0-1, guard 2, locator 3)
    const backend = new WatchedBackend();
    const { first } = await twoCustomers(backend);
    backend.singles = [];
    backend.dieAtWrite = 3;
    await expect(ingestPage([order('1')], depsFor(backend))).rejects.toThrow('process killed');
    expect(backend.item(keys.customer(first), keys.record(ORDER_KEY))).toBeDefined();
    expect(locatorOf(backend)).toBeUndefined();

    // act: the connector did not checkpoint, so a new process ingests the page again
    backend.dieAtWrite = Number.POSITIVE_INFINITY;
    const result = await ingestPage([order('1')], depsFor(backend, 'w2'));

    // assert
    expect(result.counts.written).toBe(1);
    expect(locatorOf(backend)?.customerId).toBe(first);
    expect(invariantBreachesOf([...backend.items.values()])).toEqual([]);
  });

  it('a merge that meets a copy a killed process left ahead of its locator takes the copy as the record', async () => {
    // prepare: order v2 of customer 1 stopped before its commit point (the locator still says v1)
    const backend = new WatchedBackend();
    await twoCustomers(backend);
    await ingestPage([order('1')], depsFor(backend));
    backend.singles = [];
    backend.dieAtWrite = 3;
    await expect(ingestPage([order('2', 3)], depsFor(backend, 'w2'))).rejects.toThrow('process killed');
    backend.dieAtWrite = Number.POSITIVE_INFINITY;

    // act: a record linking both customers merges them
    const merge = await ingestPage(
      [exampleCustomer({ key: '9', version: '1' }, [email('a@x.de'), email('b@x.de')])],
      depsFor(backend, 'w3'),
    );

    // assert: the order (version 2, three lines) lives under the survivor, its locator says so
    expect(merge.counts.written).toBe(1);
    const locator = locatorOf(backend);
    expect(locator?.versionOrd).toBe(
      String(backend.item(String(locator?.partition), keys.record(ORDER_KEY))?.versionOrd),
    );
    expect(backend.item(String(locator?.partition), keys.record(ORDER_KEY))?.source).toMatchObject({
      version: '2',
    });
    expect(locator?.auxKeys).toHaveLength(2);
    expect(invariantBreachesOf([...backend.items.values()])).toEqual([]);
  });

  it('a writer whose customer is merged away before its copies land takes them back and writes under the survivor, as a repeat the change feed does not announce again', async () => {
    // prepare: the table's stream; right before the order's copies, another process merges customer 1 into
    // customer 2 or back
    const changes: MemoryChange[] = [];
    const backend = new WatchedBackend((change) => changes.push(change));
    await twoCustomers(backend);
    backend.beforeWrites = {
      prefix: 'REC#order',
      run: async () => {
        await ingestPage(
          [exampleCustomer({ key: '9', version: '1' }, [email('a@x.de'), email('b@x.de')])],
          depsFor(backend, 'w9'),
        );
      },
    };

    // act
    const result = await ingestPage([order('1')], depsFor(backend));

    // assert: written once, under the one active customer, no copy left in the merged partition
    expect(result.counts.written).toBe(1);
    const orders = [...backend.items.values()].filter(
      (i) => i.recordKey === ORDER_KEY && i.kind === 'record',
    );
    expect(orders).toHaveLength(1);
    expect(invariantBreachesOf([...backend.items.values()])).toEqual([]);
    // the copy was announced, taken back, and the write under the survivor is a repeat
    const orderChanges = changes.filter((c) => c.keys.sk === keys.record(ORDER_KEY));
    expect(orderChanges.map((c) => [c.eventName, (c.newImage ?? c.oldImage)?.cause])).toEqual([
      ['INSERT', 'ingest'],
      ['REMOVE', 'ingest'],
      ['INSERT', 'repeat'],
    ]);
    expect(announcedVersions(changes).get(`${ORDER_KEY}@1`)).toBe(1);
  });

  it('a copy taken back after its guard lost to a change of the still active customer is copied again as a repeat', async () => {
    // prepare: right before the order's copy, another process gives customer 1 a new e-mail (its revision moves)
    const changes: MemoryChange[] = [];
    const backend = new WatchedBackend((change) => changes.push(change));
    const { first } = await twoCustomers(backend);
    backend.beforeWrites = {
      prefix: 'REC#order',
      run: async () => {
        await ingestPage(
          [exampleCustomer({ key: '1', version: '2' }, [erp('1'), email('a@x.de'), email('a2@x.de')])],
          depsFor(backend, 'w9'),
        );
      },
    };

    // act
    const result = await ingestPage([order('1')], depsFor(backend));

    // assert: the second copy, in the same partition, is a repeat the feed does not announce again
    expect(result.counts.written).toBe(1);
    const orderChanges = changes.filter((c) => c.keys.sk === keys.record(ORDER_KEY));
    expect(orderChanges.map((c) => [c.eventName, c.keys.pk, (c.newImage ?? c.oldImage)?.cause])).toEqual([
      ['INSERT', keys.customer(first), 'ingest'],
      ['REMOVE', keys.customer(first), 'ingest'],
      ['INSERT', keys.customer(first), 'repeat'],
    ]);
    expect(announcedVersions(changes).get(`${ORDER_KEY}@1`)).toBe(1);
    expect(invariantBreachesOf([...backend.items.values()])).toEqual([]);
  });

  it("two writers of the same version: the second goes atomically and neither takes the other one's copy back", async () => {
    // prepare: writer 2 ingests the same order after writer 1's copies landed, before writer 1's guard
    const backend = new WatchedBackend();
    const { first } = await twoCustomers(backend);
    backend.commits = 0;
    let writerTwo: Promise<unknown> = Promise.resolve();
    backend.beforeWrites = {
      prefix: 'PROFILE',
      run: async () => {
        writerTwo = ingestPage([order('1')], depsFor(backend, 'w2'));
        await writerTwo;
      },
    };

    // act
    const one = await ingestPage([order('1')], depsFor(backend));
    const two = await writerTwo;

    // assert: both delivered it (writer 1's copy was in before writer 2's commit), the record is there once
    expect(one.counts.written).toBe(1);
    expect((two as { counts: { written: number } }).counts.written).toBe(1);
    expect(backend.commits).toBeGreaterThan(0);
    expect(backend.item(keys.customer(first), keys.record(ORDER_KEY))).toBeDefined();
    expect(locatorOf(backend)?.customerId).toBe(first);
    expect(invariantBreachesOf([...backend.items.values()])).toEqual([]);
  });

  it('a restructuring that meets a copy whose locator places the record with a customer it did not read deletes the copy instead of taking it', async () => {
    // prepare: the order committed under a third customer (by e-mail c@x.de), and a dead writer's newer copy
    // of it under customer 1 (seed 738310240 of the interleaving properties: the copy was taken, duplicating it)
    const backend = new WatchedBackend();
    const { first } = await twoCustomers(backend);
    await ingestPage([exampleOrder({ key: 'o1', version: '3' }, [email('c@x.de')])], depsFor(backend, 'w0'));
    const located = String(locatorOf(backend)?.partition);
    const copy = buildRecordItems(
      {
        ...(backend.item(located, keys.record(ORDER_KEY)) as unknown as StoredRecord),
        source: { system: 'sap-s4', stream: 'sales-orders', key: 'o1', version: '5' },
      },
      first,
      'ingest',
    );
    for (const item of [copy.main, ...copy.aux])
      backend.items.set(keyString(item), { ...item, writer: 'dead' });

    // act: a record linking customers 1 and 2 restructures them (not the third)
    await ingestPage(
      [exampleCustomer({ key: '9', version: '1' }, [email('a@x.de'), email('b@x.de')])],
      depsFor(backend, 'w3'),
    );

    // assert: the order once, where its locator says, at its committed version
    const copies = [...backend.items.values()].filter(
      (i) => i.recordKey === ORDER_KEY && i.kind === 'record',
    );
    expect(copies.map((c) => [c.pk, (c.source as { version: string }).version])).toEqual([[located, '3']]);
    expect(invariantBreachesOf([...backend.items.values()])).toEqual([]);
  });

  it('a plain write planned before its record was committed with other identifiers does not overwrite it', async () => {
    // prepare: writer 1 plans customer record 3 (b@x.de only) as new for customer 2; before its copy lands,
    // another process commits record 3 with ERP 2 and c@x.de (deep-run seed 220820123: the copy replaced that
    // record in place, and a later merge left c@x.de owned by the merged customer)
    const backend = new WatchedBackend();
    const { first } = await twoCustomers(backend);
    backend.beforeWrites = {
      prefix: 'REC#customer#sap-s4#business-partners#3',
      run: async () => {
        await ingestPage(
          [exampleCustomer({ key: '3', version: '4' }, [erp('2'), email('c@x.de')])],
          depsFor(backend, 'w2'),
        );
      },
    };

    // act: writer 1, then a record linking both customers
    const result = await ingestPage(
      [exampleCustomer({ key: '3', version: '8' }, [email('b@x.de')])],
      depsFor(backend),
    );
    await ingestPage(
      [exampleCustomer({ key: '9', version: '1' }, [email('a@x.de'), email('b@x.de')])],
      depsFor(backend, 'w3'),
    );

    // assert
    expect(result.counts.written).toBe(1);
    const copies = [...backend.items.values()].filter(
      (i) => i.kind === 'record' && i.recordKey === 'customer#sap-s4#business-partners#3',
    );
    expect(copies.map((c) => (c.source as { version: string }).version)).toEqual(['8']);
    // no record carries c@x.de any more, so nobody owns it (the overwritten copy hid it from the restructuring)
    expect(backend.item(keys.identifier('email:c@x.de'), keys.owner)).toBeUndefined();
    expect(first).toBeDefined();
    expect(invariantBreachesOf([...backend.items.values()])).toEqual([]);
  });

  it('a restructuring that finds a record in two partitions keeps the located copy and deletes the stray', async () => {
    // prepare: the order committed under customer 1, and an uncommitted copy of it (with a line) under customer 2
    const backend = new WatchedBackend();
    const { second } = await twoCustomers(backend);
    await ingestPage([order('1')], depsFor(backend));
    const stored = backend.item(String(locatorOf(backend)?.partition), keys.record(ORDER_KEY));
    const stray = buildRecordItems(
      {
        ...(stored as unknown as StoredRecord),
        source: { ...(stored?.source as StoredRecord['source']), version: '5' },
      },
      second,
      'ingest',
    );
    for (const item of [stray.main, ...stray.aux])
      backend.items.set(keyString(item), { ...item, writer: 'dead' });

    // act: a record linking both customers merges them
    await ingestPage(
      [exampleCustomer({ key: '9', version: '1' }, [email('a@x.de'), email('b@x.de')])],
      depsFor(backend, 'w3'),
    );

    // assert: one copy (version 1, the committed one), no stray line
    const copies = [...backend.items.values()].filter(
      (i) => i.recordKey === ORDER_KEY && i.kind === 'record',
    );
    expect(copies.map((c) => (c.source as { version: string }).version)).toEqual(['1']);
    expect(invariantBreachesOf([...backend.items.values()])).toEqual([]);
  });
});
