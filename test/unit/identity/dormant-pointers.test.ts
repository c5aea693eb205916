import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import { unmergeCustomer } from '../../../core/identity/unmerge-customer.ts';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import { keys } from '../../../core/items/keys.ts';
import { keyString } from '../../../core/items/write-ops.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { email, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';

// A merged customer's profile points at the customer that took it over; a read of the old id follows that
// pointer (the API answers "merged into …"). Found while reviewing the restructuring's mutants: after an
// unmerge, a customer merged into the survivor earlier kept pointing at the survivor although its records
// went to the restored customer, so a read of its id led to somebody else.

const who = { requestedBy: 'ops@example.com', reason: 'two different people' };

/** Customers get the ids given, in order of creation. */
const setUp = (ids: string[]) => {
  const backend = new MemoryBackend();
  const deps = {
    backend,
    config: defaultIdentityConfig,
    hashOf: (idKey: string) => idKey,
    newCustomerId: () => ids.shift() ?? 'c-extra',
    now: () => new Date('2026-03-01T00:00:00Z'),
    maxAttempts: 3,
    pause: async () => {},
  };
  const ingest = async (...records: CanonicalRecordInput[]) => {
    for (const record of records) await ingestPage([record], deps);
  };
  const profile = (id: string) => backend.items.get(keyString({ pk: keys.customer(id), sk: keys.profile }));
  const mergeEntryOf = (mergedId: string) => {
    const item = [...backend.items.values()].find(
      (i) => i.kind === 'ledger' && (i.entry as { mergedId?: string }).mergedId === mergedId,
    );
    if (!item) throw new Error(`no merge entry for ${mergedId}`);
    return String((item.entry as { entryId: string }).entryId);
  };
  const unmerge = (customerId: string, entryId: string) =>
    unmergeCustomer({ ...deps, now: '2026-03-02T00:00:00Z' }, customerId, entryId, who);
  return { ingest, profile, mergeEntryOf, unmerge };
};

describe('merge pointers of dormant customers', () => {
  it('points an older merged customer at the restored customer that now holds its seed record', async () => {
    // A founds c1, B c2, C c0; O1 (b, c) merges c2 into c0, then O2 (a, b) merges c1 into c0.
    const { ingest, profile, mergeEntryOf, unmerge } = setUp(['c1', 'c2', 'c0']);
    await ingest(
      exampleCustomer({ key: 'A', version: '1' }, [email('a@x.de')]),
      exampleCustomer({ key: 'B', version: '1' }, [email('b@x.de')]),
      exampleCustomer({ key: 'C', version: '1' }, [email('c@x.de')]),
      exampleOrder({ key: 'O1', version: '1' }, [email('b@x.de'), email('c@x.de')]),
      exampleOrder({ key: 'O2', version: '1' }, [email('a@x.de'), email('b@x.de')]),
    );
    expect(profile('c1')).toMatchObject({ status: 'merged', mergedInto: 'c0', rev: 1 });

    // Undoing c2's merge moves A (c1's seed record) with B to the restored c2.
    await unmerge('c0', mergeEntryOf('c2'));

    expect(profile('c1')).toMatchObject({ status: 'merged', mergedInto: 'c2', rev: 2 });
    expect(profile('c2')).toMatchObject({ status: 'active' });
  });

  it('leaves a pointer alone whose chain still ends at the customer holding the seed record', async () => {
    // A founds c1, B c2, C c3; O1 (a, b) merges c2 into c1. O2 (a, c) then merges c3 into the bigger c1:
    // c2's pointer to c1 stays as it was.
    const { ingest, profile } = setUp(['c1', 'c2', 'c3']);
    await ingest(
      exampleCustomer({ key: 'A', version: '1' }, [email('a@x.de')]),
      exampleCustomer({ key: 'B', version: '1' }, [email('b@x.de')]),
      exampleOrder({ key: 'O1', version: '1' }, [email('a@x.de'), email('b@x.de')]),
      exampleCustomer({ key: 'C', version: '1' }, [email('c@x.de')]),
    );
    const before = profile('c2');

    await ingest(exampleOrder({ key: 'O2', version: '1' }, [email('a@x.de'), email('c@x.de')]));

    expect(profile('c3')).toMatchObject({ status: 'merged', mergedInto: 'c1' });
    expect(profile('c2')).toEqual(before);
  });

  it('leaves the pointer of a customer merged into one that is now merged on: the chain still ends at the holder', async () => {
    // A founds c1, B c2, C c3, D c4. O1 (a, b) merges c2 into c1. Then C, D and two orders make c3 the
    // bigger customer, and O4 (b, c) merges c1 into c3: c2 → c1 → c3 still ends where B now is.
    const { ingest, profile } = setUp(['c1', 'c2', 'c3']);
    await ingest(
      exampleCustomer({ key: 'A', version: '1' }, [email('a@x.de')]),
      exampleCustomer({ key: 'B', version: '1' }, [email('b@x.de')]),
      exampleOrder({ key: 'O1', version: '1' }, [email('a@x.de'), email('b@x.de')]),
      exampleCustomer({ key: 'C', version: '1' }, [email('c@x.de')]),
      exampleOrder({ key: 'O2', version: '1' }, [email('c@x.de')]),
      exampleOrder({ key: 'O3', version: '1' }, [email('c@x.de')]),
      exampleOrder({ key: 'O5', version: '1' }, [email('c@x.de')]),
    );
    expect(profile('c2')).toMatchObject({ status: 'merged', mergedInto: 'c1' });
    const before = profile('c2');

    await ingest(exampleOrder({ key: 'O4', version: '1' }, [email('b@x.de'), email('c@x.de')]));

    expect(profile('c1')).toMatchObject({ status: 'merged', mergedInto: 'c3' });
    expect(profile('c2')).toEqual(before);
  });
});
