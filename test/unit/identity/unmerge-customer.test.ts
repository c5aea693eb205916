import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { unmergeCustomer } from '../../../core/identity/unmerge-customer.ts';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import { keys, stableId } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import type { CommitResult, WriteOp } from '../../../core/items/write-ops.ts';
import { email, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { memoryIngestDeps } from '../../support/memory-ingest-deps.ts';

// Unmerge examples on the in-memory backend: what an undone merge leaves (ids, separations, ledger), and
// each reason an unmerge is refused. The property tests pick ledger entries at random and compare only
// the resulting clusters, never the result or its refusals.

const CUSTOMER_A = 'customer#sap-s4#business-partners#A';
const CUSTOMER_B = 'customer#sap-s4#business-partners#B';
const who = { requestedBy: 'ops@example.com', reason: 'two different people' };

const setUp = () => {
  const backend = new MemoryBackend();
  const deps = memoryIngestDeps(backend);
  return { backend, deps, unmergeDeps: { ...deps, now: '2026-03-02T00:00:00Z' } };
};

/** Two customers (c1 by a@x.de, c2 by b@x.de), then an order carrying both e-mails merges c2 into c1. */
const mergedPair = async () => {
  const setup = setUp();
  await ingestPage([exampleCustomer({ key: 'A', version: '1' }, [email('a@x.de')])], setup.deps);
  await ingestPage([exampleCustomer({ key: 'B', version: '1' }, [email('b@x.de')])], setup.deps);
  await ingestPage(
    [exampleOrder({ key: 'O1', version: '1' }, [email('a@x.de'), email('b@x.de')])],
    setup.deps,
  );
  const ledger = [...setup.backend.items.values()].find(
    (i) => i.kind === 'ledger' && (i.entry as { kind: string }).kind === 'merge',
  );
  if (!ledger) throw new Error('the set-up order did not merge the two customers');
  const entryId = String((ledger.entry as { entryId: string }).entryId);
  return { ...setup, entryId };
};

const itemAt = (backend: MemoryBackend, pk: string, sk: string): Item | undefined =>
  backend.items.get(`${pk}\u0000${sk}`);

describe('unmergeCustomer', () => {
  it('splits the merged customer off again under its old id and names both customers and the unmerge entry', async () => {
    const { backend, unmergeDeps, entryId } = await mergedPair();
    expect(itemAt(backend, keys.customer('c2'), keys.profile)).toMatchObject({
      status: 'merged',
      mergedInto: 'c1',
    });

    const result = await unmergeCustomer(unmergeDeps, 'c1', entryId, who);

    expect(result).toEqual({
      kind: 'unmerged',
      customerIds: ['c1', 'c2'],
      entryId: stableId('unmerge', entryId),
    });
    expect(itemAt(backend, keys.customer('c2'), keys.profile)).toMatchObject({ status: 'active' });
    expect(itemAt(backend, keys.customer('c2'), keys.profile)).not.toHaveProperty('mergedInto');
    expect(itemAt(backend, keys.customer('c2'), keys.record(CUSTOMER_B))).toBeDefined();
    expect(itemAt(backend, keys.customer('c1'), keys.record(CUSTOMER_A))).toBeDefined();
  });

  it('records the separation on both seed records’ locators, so a replay does not merge them again', async () => {
    const { backend, unmergeDeps, entryId } = await mergedPair();

    await unmergeCustomer(unmergeDeps, 'c1', entryId, who);

    expect(itemAt(backend, keys.locator(CUSTOMER_A), keys.locatorSort)?.separateFrom).toEqual([CUSTOMER_B]);
    expect(itemAt(backend, keys.locator(CUSTOMER_B), keys.locatorSort)?.separateFrom).toEqual([CUSTOMER_A]);
  });

  it('writes the unmerge entry with who asked and why in both customers’ ledgers, the survivor’s as primary', async () => {
    const { backend, unmergeDeps, entryId } = await mergedPair();

    await unmergeCustomer(unmergeDeps, 'c1', entryId, who);

    const unmergeId = stableId('unmerge', entryId);
    const sk = keys.ledger('2026-03-02T00:00:00Z', unmergeId);
    const expectedEntry = {
      entryId: unmergeId,
      kind: 'unmerge',
      at: '2026-03-02T00:00:00Z',
      undoes: entryId,
      requestedBy: 'ops@example.com',
      reason: 'two different people',
      survivorId: 'c1',
      mergedId: 'c2',
    };
    expect(itemAt(backend, keys.customer('c1'), sk)).toMatchObject({ primary: true, entry: expectedEntry });
    expect(itemAt(backend, keys.customer('c2'), sk)).toMatchObject({ primary: false, entry: expectedEntry });
    expect(itemAt(backend, keys.customer('c1'), sk)?.entry).not.toHaveProperty('restoreId');
  });

  it('refuses an entry the customer’s ledger does not hold, naming customer and entry', async () => {
    const { unmergeDeps } = await mergedPair();

    const result = await unmergeCustomer(unmergeDeps, 'c1', 'no-such-entry', who);

    expect(result).toEqual({
      kind: 'notFound',
      reason: 'customer c1 has no merge ledger entry no-such-entry',
    });
  });

  it('refuses to undo an unmerge entry, which is no merge', async () => {
    const { unmergeDeps, entryId } = await mergedPair();
    await unmergeCustomer(unmergeDeps, 'c1', entryId, who);
    const unmergeId = stableId('unmerge', entryId);

    const result = await unmergeCustomer(unmergeDeps, 'c1', unmergeId, who);

    expect(result).toEqual({
      kind: 'notFound',
      reason: `customer c1 has no merge ledger entry ${unmergeId}`,
    });
  });

  it('refuses a merge already undone', async () => {
    const { unmergeDeps, entryId } = await mergedPair();
    // The merge entry stays in the survivor's ledger after the unmerge (the ledger is append-only).
    await unmergeCustomer(unmergeDeps, 'c1', entryId, who);

    const result = await unmergeCustomer(unmergeDeps, 'c1', entryId, who);

    expect(result).toEqual({ kind: 'notFound', reason: `ledger entry ${entryId} was already undone` });
  });

  it('refuses when a customer of the entry no longer exists', async () => {
    const { backend, unmergeDeps, entryId } = await mergedPair();
    backend.items.delete(`${keys.customer('c2')}\u0000${keys.profile}`);

    const result = await unmergeCustomer(unmergeDeps, 'c1', entryId, who);

    expect(result).toEqual({
      kind: 'notFound',
      reason: `a customer of ledger entry ${entryId} no longer exists`,
    });
  });

  it('refuses when the survivor itself is gone, even though the merged profile is still there', async () => {
    const { backend, unmergeDeps, entryId } = await mergedPair();
    backend.items.delete(`${keys.customer('c1')}\u0000${keys.profile}`);

    const result = await unmergeCustomer(unmergeDeps, 'c1', entryId, who);

    expect(result).toEqual({
      kind: 'notFound',
      reason: `a customer of ledger entry ${entryId} no longer exists`,
    });
  });

  it('refuses when a seed record that founded one of the two customers is gone', async () => {
    const { backend, unmergeDeps, entryId } = await mergedPair();
    backend.items.delete(`${keys.customer('c1')}\u0000${keys.record(CUSTOMER_B)}`);

    const result = await unmergeCustomer(unmergeDeps, 'c1', entryId, who);

    expect(result).toEqual({
      kind: 'notFound',
      reason: `the records that founded the two customers of ${entryId} are gone; nothing to split along`,
    });
  });

  it('refuses when the survivor’s own seed record is gone', async () => {
    const { backend, unmergeDeps, entryId } = await mergedPair();
    backend.items.delete(`${keys.customer('c1')}\u0000${keys.record(CUSTOMER_A)}`);

    const result = await unmergeCustomer(unmergeDeps, 'c1', entryId, who);

    expect(result).toMatchObject({
      kind: 'notFound',
      reason: expect.stringContaining('nothing to split along'),
    });
  });

  it('retries after a lost race, pausing with the attempt number, and fails naming the entry when every attempt loses', async () => {
    const { backend, unmergeDeps, entryId } = await mergedPair();
    // Every restructuring commit (the one guarding profiles) loses to a concurrent write.
    const racing = Object.assign(Object.create(backend) as MemoryBackend, {
      commit: async (ops: readonly WriteOp[]): Promise<CommitResult> =>
        ops.some((op) => op.op !== 'put' && op.key.sk === keys.profile)
          ? { ok: false, failedOps: [0] }
          : backend.commit(ops),
    });
    const pauses: number[] = [];

    const attempt = unmergeCustomer(
      { ...unmergeDeps, backend: racing, pause: async (n) => void pauses.push(n) },
      'c1',
      entryId,
      who,
    );

    await expect(attempt).rejects.toThrow(`unmerge of ${entryId} kept racing with concurrent writes`);
    expect(pauses).toEqual([1, 2]);
  });

  it('succeeds on a later attempt when an earlier one lost its race', async () => {
    const { backend, unmergeDeps, entryId } = await mergedPair();
    let lost = 0;
    const racingOnce = Object.assign(Object.create(backend) as MemoryBackend, {
      commit: async (ops: readonly WriteOp[]): Promise<CommitResult> => {
        if (lost === 0 && ops.some((op) => op.op !== 'put' && op.key.sk === keys.profile)) {
          lost++;
          return { ok: false, failedOps: [0] };
        }
        return backend.commit(ops);
      },
    });

    const result = await unmergeCustomer({ ...unmergeDeps, backend: racingOnce }, 'c1', entryId, who);

    expect(result).toMatchObject({ kind: 'unmerged', customerIds: ['c1', 'c2'] });
    expect(lost).toBe(1);
  });
});
