import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import { unmergeCustomer } from '../../../core/identity/unmerge-customer.ts';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { keyString } from '../../../core/items/write-ops.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { email, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { memoryIngestDeps } from '../../support/memory-ingest-deps.ts';

// What an unmerge leaves for the records that come after it: separations that add up over several
// unmerges, and customers flagged entangled so their next new records are re-resolved rather than written
// on the fast path, unless resolution would meet them where they stand (`joinsAsResolved`)
// (unmerge-customer.test.ts covers the result, the ledger and the refusals).

const A = 'customer#sap-s4#business-partners#A';
const B = 'customer#sap-s4#business-partners#B';
const C = 'customer#sap-s4#business-partners#C';
const who = { requestedBy: 'ops@example.com', reason: 'two different people' };

const setUp = () => {
  const backend = new MemoryBackend();
  const deps = memoryIngestDeps(backend);
  const ingest = (...records: CanonicalRecordInput[]) => ingestPage(records, deps);
  const at = (pk: string, sk: string): Item | undefined => backend.items.get(keyString({ pk, sk }));
  /** The merge entry in c1's ledger that made `mergedId` part of c1. */
  const mergeEntryOf = (mergedId: string) => {
    const item = [...backend.items.values()].find(
      (i) => i.kind === 'ledger' && (i.entry as { mergedId?: string }).mergedId === mergedId,
    );
    if (!item) throw new Error(`no merge entry for ${mergedId}`);
    return String((item.entry as { entryId: string }).entryId);
  };
  const unmerge = (entryId: string) =>
    unmergeCustomer({ ...deps, now: '2026-03-02T00:00:00Z' }, 'c1', entryId, who);
  const partitionItems = (id: string) =>
    [...backend.items.values()].filter((i) => i.pk === keys.customer(id));
  return { ingest, at, mergeEntryOf, unmerge, partitionItems };
};

describe('unmergeCustomer, what later records see', () => {
  it('flags both customers entangled, so their next new records take the identity path unless they join as resolved', async () => {
    const { ingest, at, mergeEntryOf, unmerge } = setUp();
    await ingest(exampleCustomer({ key: 'A', version: '1' }, [email('a@x.de')]));
    await ingest(exampleCustomer({ key: 'B', version: '1' }, [email('b@x.de')]));
    await ingest(exampleOrder({ key: 'O1', version: '1' }, [email('a@x.de'), email('b@x.de')]));

    await unmerge(mergeEntryOf('c2'));

    expect(at(keys.customer('c1'), keys.profile)).toMatchObject({ status: 'active', entangled: true });
    expect(at(keys.customer('c2'), keys.profile)).toMatchObject({ status: 'active', entangled: true });
  });

  it('records the link the order still makes as a separatedByUnmerge conflict without scope, and the unmerge as a ledger item', async () => {
    const { ingest, partitionItems, mergeEntryOf, unmerge } = setUp();
    await ingest(exampleCustomer({ key: 'A', version: '1' }, [email('a@x.de')]));
    await ingest(exampleCustomer({ key: 'B', version: '1' }, [email('b@x.de')]));
    await ingest(exampleOrder({ key: 'O1', version: '1' }, [email('a@x.de'), email('b@x.de')]));

    await unmerge(mergeEntryOf('c2'));

    for (const id of ['c1', 'c2']) {
      const [conflict] = partitionItems(id).filter((i) => i.kind === 'conflict');
      expect(conflict?.conflict).toMatchObject({ kind: 'separatedByUnmerge', customerIds: ['c1', 'c2'] });
      expect(conflict?.conflict).not.toHaveProperty('scope');
      const unmergeItems = partitionItems(id).filter(
        (i) => (i.entry as { kind?: string } | undefined)?.kind === 'unmerge',
      );
      expect(unmergeItems).toHaveLength(1);
      expect(unmergeItems[0]).toMatchObject({ kind: 'ledger', cause: 'ingest', customerId: id });
    }
  });

  it('keeps both customers entangled after the order that linked them is deleted: the separation still stands', async () => {
    const { ingest, at, mergeEntryOf, unmerge, partitionItems } = setUp();
    await ingest(exampleCustomer({ key: 'A', version: '1' }, [email('a@x.de')]));
    await ingest(exampleCustomer({ key: 'B', version: '1' }, [email('b@x.de')]));
    await ingest(exampleOrder({ key: 'O1', version: '1' }, [email('a@x.de'), email('b@x.de')]));
    await unmerge(mergeEntryOf('c2'));

    await ingest(
      exampleOrder({ key: 'O1', version: '2', deleted: true }, [email('a@x.de'), email('b@x.de')]),
    );

    expect(partitionItems('c1').filter((i) => i.kind === 'conflict')).toEqual([]);
    expect(at(keys.customer('c1'), keys.profile)).toMatchObject({ status: 'active', entangled: true });
    expect(at(keys.customer('c2'), keys.profile)).toMatchObject({ status: 'active', entangled: true });
  });

  it('adds a second separation to a seed record’s locator when another merge into its customer is undone, in key order', async () => {
    const { ingest, at, mergeEntryOf, unmerge } = setUp();
    // C's merge is undone first, then B's: A's separations must read [B, C] all the same.
    await ingest(exampleCustomer({ key: 'A', version: '1' }, [email('a@x.de')]));
    await ingest(exampleCustomer({ key: 'C', version: '1' }, [email('c@x.de')]));
    await ingest(exampleOrder({ key: 'O1', version: '1' }, [email('a@x.de'), email('c@x.de')]));
    await unmerge(mergeEntryOf('c2'));
    await ingest(exampleCustomer({ key: 'B', version: '1' }, [email('b@x.de')]));
    await ingest(exampleOrder({ key: 'O2', version: '1' }, [email('a@x.de'), email('b@x.de')]));
    expect(at(keys.customer('c3'), keys.profile)).toMatchObject({ status: 'merged', mergedInto: 'c1' });

    const result = await unmerge(mergeEntryOf('c3'));

    expect(result).toMatchObject({ kind: 'unmerged' });
    expect(at(keys.locator(A), keys.locatorSort)?.separateFrom).toEqual([B, C]);
    expect(at(keys.locator(B), keys.locatorSort)?.separateFrom).toEqual([A]);
    expect(at(keys.locator(C), keys.locatorSort)?.separateFrom).toEqual([A]);
    expect(at(keys.customer('c3'), keys.profile)).toMatchObject({ status: 'active' });
    expect(at(keys.customer('c3'), keys.record(B))).toMatchObject({ customerId: 'c3' });
    expect(at(keys.customer('c2'), keys.record(C))).toMatchObject({ customerId: 'c2' });
  });
});

describe('unmergeCustomer, which id comes back', () => {
  it('gives the split-off part the merged customer’s id even when an older merged customer’s seed record is in that part too', async () => {
    const backend = new MemoryBackend();
    // A founds c1, B c2, C c0; O1 (b, c) merges c2 into c0, O2 (a, b) then merges c1 into c0.
    const ids = ['c1', 'c2', 'c0'];
    const deps = {
      backend,
      config: defaultIdentityConfig,
      hashOf: (idKey: string) => idKey,
      newCustomerId: () => ids.shift() ?? 'c-extra',
      now: () => new Date('2026-03-01T00:00:00Z'),
      maxAttempts: 3,
      pause: async () => {},
    };
    for (const record of [
      exampleCustomer({ key: 'A', version: '1' }, [email('a@x.de')]),
      exampleCustomer({ key: 'B', version: '1' }, [email('b@x.de')]),
      exampleCustomer({ key: 'C', version: '1' }, [email('c@x.de')]),
      exampleOrder({ key: 'O1', version: '1' }, [email('b@x.de'), email('c@x.de')]),
      exampleOrder({ key: 'O2', version: '1' }, [email('a@x.de'), email('b@x.de')]),
    ])
      await ingestPage([record], deps);
    const mergeOfC2 = [...backend.items.values()].find(
      (i) => i.kind === 'ledger' && (i.entry as { mergedId?: string }).mergedId === 'c2',
    );
    if (!mergeOfC2) throw new Error('the set-up did not merge c2');
    const at = (pk: string, sk: string) => backend.items.get(keyString({ pk, sk }));

    // Undoing c2's merge separates B from C: A, B and the orders form one part, C the other. Both c1
    // (seed A) and c2 (seed B) could name the first part; the customer being restored is c2.
    const result = await unmergeCustomer(
      { ...deps, now: '2026-03-02T00:00:00Z' },
      'c0',
      String((mergeOfC2.entry as { entryId: string }).entryId),
      who,
    );

    expect(result).toMatchObject({ kind: 'unmerged', customerIds: ['c0', 'c2'] });
    expect(at(keys.customer('c2'), keys.profile)).toMatchObject({ status: 'active' });
    expect(at(keys.customer('c2'), keys.record(A))).toBeDefined();
    expect(at(keys.customer('c2'), keys.record(B))).toBeDefined();
    expect(at(keys.customer('c0'), keys.record(C))).toBeDefined();
    expect(at(keys.customer('c1'), keys.profile)).toMatchObject({ status: 'merged' });
  });
});
