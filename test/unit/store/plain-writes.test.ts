import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import { indexedOrderLine } from '../../../core/items/demand-lines.ts';
import type { StoreBackend } from '../../../core/ports/store-backend.ts';
import { email, erp, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';

const depsOf = (backend: StoreBackend) => {
  let n = 0;
  return {
    backend,
    config: defaultIdentityConfig,
    hashOf: (idKey: string) => idKey,
    newCustomerId: () => `c${++n}`,
    now: () => new Date('2026-03-01T00:00:00Z'),
    maxAttempts: 5,
    pause: async () => {},
  };
};

/** Counts how the store writes: atomic commits and independent single-item writes. */
const counting = (inner: MemoryBackend) => {
  const counts = { commits: 0, singleWrites: 0 };
  const backend: StoreBackend = {
    getItems: (keys) => inner.getItems(keys),
    readPartition: (pk) => inner.readPartition(pk),
    commit: (ops) => {
      counts.commits++;
      return inner.commit(ops);
    },
    writeEach: (ops) => {
      counts.singleWrites += ops.length;
      return inner.writeEach(ops);
    },
  };
  return { backend, counts };
};

const lines = [
  { partNumber: 'P-1', quantity: 2 },
  { partNumber: 'P-2', quantity: 5 },
  { partNumber: 'P-3', quantity: 1 },
];

describe('settled records through plain single-item writes', () => {
  it('writes an order of a known customer without a transaction: the order item is the first line in the part index, further lines get items', async () => {
    const inner = new MemoryBackend();
    const deps = depsOf(inner);
    await ingestPage([exampleCustomer({ key: 'c', version: '1' }, [erp('1'), email('a@x.de')])], deps);
    const { backend, counts } = counting(inner);

    const result = await ingestPage([exampleOrder({ key: 'SO-1', version: '1' }, [erp('1')], { lines })], {
      ...deps,
      backend,
    });

    expect(result.counts.written).toBe(1);
    expect(counts.commits).toBe(0);
    const items = [...inner.items.values()];
    const order = items.find((i) => i.kind === 'record' && i.entity === 'order');
    expect(order?.gsi1pk).toBe('PART#P-1');
    expect(indexedOrderLine(order ?? { pk: '', sk: '' })).toMatchObject({ partNumber: 'P-1', quantity: 2 });
    const lineItems = items.filter((i) => i.kind === 'orderLine');
    expect(lineItems.map((i) => i.partNumber).sort()).toEqual(['P-2', 'P-3']);
    expect(lineItems.every((i) => i.versionOrd === order?.versionOrd)).toBe(true);
  });

  it('an older version arriving after a newer one is stale and leaves the newer record, lines and locator as they are', async () => {
    const inner = new MemoryBackend();
    const deps = depsOf(inner);
    await ingestPage([exampleCustomer({ key: 'c', version: '1' }, [erp('1')])], deps);
    await ingestPage(
      [exampleOrder({ key: 'SO-1', version: '3' }, [erp('1')], { lines: lines.slice(0, 1) })],
      deps,
    );
    const before = structuredClone([...inner.items.entries()]);

    const late = await ingestPage([exampleOrder({ key: 'SO-1', version: '2' }, [erp('1')], { lines })], deps);

    expect(late.counts.stale).toBe(1);
    expect([...inner.items.entries()]).toEqual(before);
  });

  it('a newer version with fewer lines removes the lines it dropped', async () => {
    const inner = new MemoryBackend();
    const deps = depsOf(inner);
    await ingestPage([exampleCustomer({ key: 'c', version: '1' }, [erp('1')])], deps);
    await ingestPage([exampleOrder({ key: 'SO-1', version: '1' }, [erp('1')], { lines })], deps);

    await ingestPage(
      [exampleOrder({ key: 'SO-1', version: '2' }, [erp('1')], { lines: lines.slice(0, 2) })],
      deps,
    );

    const lineItems = [...inner.items.values()].filter((i) => i.kind === 'orderLine');
    expect(lineItems.map((i) => i.partNumber)).toEqual(['P-2']);
    const locator = [...inner.items.values()].find(
      (i) => i.kind === 'locator' && i.recordKey === lineItems[0]?.recordKey,
    );
    expect(locator?.auxKeys).toEqual([lineItems[0]?.sk]);
  });
});
