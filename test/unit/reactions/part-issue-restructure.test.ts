import { describe, expect, it } from 'vitest';
import type { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { unmergeCustomer } from '../../../core/identity/unmerge-customer.ts';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import { MAX_OPS_PER_COMMIT } from '../../../core/items/write-ops.ts';
import { ReactionsConfigSchema } from '../../../schemas/config/reactions-config.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { email, exampleOrder } from '../../../schemas/entities/examples.ts';
import {
  FollowedBackend,
  followed,
  recordOwners,
  twoCustomersFollowed,
} from '../../support/followed-backend.ts';

// A merge or unmerge of a customer with many cases is more than one atomic commit (core/ingest/commit-plan.ts): the
// moved copies and their locators land over several, the old copies go in the last ones. The reaction decisions read
// the stream while the restructuring is under way, as the subscription does: a removal is read after its record's
// locator names the new copy. The moved cases stay in the index.

const NOW = new Date('2026-03-10T10:00:00Z');
const config = ReactionsConfigSchema.parse({ complaintThreshold: 1000 });

const complaint = (key: string, identifier: string): CanonicalRecordInput =>
  ({
    entity: 'interaction',
    source: { system: 'servicedesk', stream: 'tickets', key, version: '1' },
    identifiers: [email(identifier)],
    data: {
      interactionId: key,
      kind: 'serviceCase',
      channel: 'phone',
      occurredAt: '2026-03-08T09:00:00Z',
      category: 'complaint',
      partNumber: 'P-9',
      subject: `Pump leaks (${key})`,
    },
  }) as CanonicalRecordInput;

const indexed = (backend: MemoryBackend) =>
  [...backend.items.values()].filter((item) => item.pk === 'PARTISSUE#P-9' && item.sk !== '~RAISED').length;

/** c1 holds 60 cases about P-9, all filed; c2 holds more records, so it survives a merge and c1's cases move. */
const twoCustomers = async () => {
  const backend = new FollowedBackend({ now: () => NOW, config });
  const deps = await twoCustomersFollowed(
    backend,
    Array.from({ length: 60 }, (_, i) => complaint(`CASE-${i}`, 'a@x.de')),
  );
  expect(indexed(backend)).toBe(60);
  return { backend, deps };
};

const linkBoth = exampleOrder({ key: 'LINK', version: '1' }, [email('a@x.de'), email('b@x.de')]);

describe('a restructuring split over several commits keeps the moved cases in the part issue index', () => {
  it('keeps every case of the merged customer, whenever the decisions read its removals', async () => {
    const { backend, deps } = await twoCustomers();

    const sizes = await followed(backend, () => ingestPage([linkBoth], deps));

    // One commit held as much as a commit can, so the moves went on in the next.
    expect(sizes).toContain(MAX_OPS_PER_COMMIT);
    expect(recordOwners(backend, 'interaction')).toEqual(new Set(['c2']));
    // No removal is read before its locator moved: none fails, and none withdraws a case.
    expect(backend.failed).toEqual([]);
    await backend.redeliver();
    expect(indexed(backend)).toBe(60);
  });

  it('keeps every case an unmerge moves back', async () => {
    const { backend, deps } = await twoCustomers();
    await ingestPage([linkBoth], deps);
    await backend.follow();
    await backend.redeliver();
    const ledger = [...backend.items.values()].find(
      (item) => item.kind === 'ledger' && (item.entry as { kind: string }).kind === 'merge',
    );
    if (!ledger) throw new Error('the two customers did not merge');
    const entryId = String((ledger.entry as { entryId: string }).entryId);

    const sizes = await followed(backend, () =>
      unmergeCustomer({ ...deps, now: '2026-03-02T00:00:00Z' }, 'c2', entryId, {
        requestedBy: 'ops@example.com',
        reason: 'two different people',
      }),
    );

    expect(sizes).toContain(MAX_OPS_PER_COMMIT);
    expect(recordOwners(backend, 'interaction')).toEqual(new Set(['c1']));
    expect(backend.failed).toEqual([]);
    await backend.redeliver();
    expect(indexed(backend)).toBe(60);
  });
});
