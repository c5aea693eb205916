import { describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { correlationIdFor, eventIdFor } from '../../../core/events/event-ids.ts';
import { mapChangeToEvents, UnpublishableChangeError } from '../../../core/events/map-change-to-events.ts';

// Identity and bookkeeping items: new profiles, merge/unmerge ledger entries, conflicts and erasure
// markers, each announced once on insert and never on a rewrite, a move or a copy on the other side.

const KEYS = { pk: 'CUST#c1', sk: 'LEDGER#e1' };
const change = (over: Partial<ChangeRecord>): ChangeRecord => ({
  eventName: 'INSERT',
  sequenceNumber: '7',
  approximateCreationDateTime: 1_772_000_000,
  keys: KEYS,
  ...over,
});
const insert = (newImage: Record<string, unknown>) => change({ newImage });
const rewrite = (newImage: Record<string, unknown>) =>
  change({ eventName: 'MODIFY', newImage, oldImage: newImage });

const evidence = {
  identifier: { type: 'email', value: 'a@b.de' },
  record: { entity: 'customer', system: 's', stream: 't', key: 'k', version: '1' },
};
const entry = (kind: 'merge' | 'unmerge') => ({
  entryId: `e-${kind}`,
  kind,
  at: '2026-03-01T00:00:00Z',
  survivorId: 'c1',
  mergedId: 'c2',
  evidence,
});
const ledger = (extra: Record<string, unknown> = {}) => ({
  kind: 'ledger',
  entry: entry('merge'),
  cause: 'ingest',
  ...extra,
});
const conflict = {
  conflictId: 'k1',
  kind: 'uniqueIdentifierClash',
  identifier: { type: 'email', value: 'a@b.de' },
  customerIds: ['c1', 'c2'],
  scope: 'erp:sap-s4',
  clashingValues: ['sap-s4:1', 'sap-s4:2'],
  evidence: evidence.record,
};
const conflictItem = (extra: Record<string, unknown> = {}) => ({
  kind: 'conflict',
  primary: true,
  detectedAt: '2026-03-01T00:00:00Z',
  conflict,
  ...extra,
});
const profile = (extra: Record<string, unknown> = {}) => ({
  kind: 'profile',
  status: 'active',
  customerId: 'c9',
  seedRecord: 'customer#a#b#c',
  ...extra,
});
const erasure = (extra: Record<string, unknown> = {}) => ({
  kind: 'erasure',
  customerId: 'c9',
  erasedAt: '2026-03-01T00:00:00Z',
  requestedBy: 'dpo',
  identifiersSuppressed: 2,
  ...extra,
});

const only = (events: ReturnType<typeof mapChangeToEvents>) => {
  expect(events).toHaveLength(1);
  const [event] = events;
  if (!event) throw new Error('no event');
  return event;
};

describe('new customer profiles', () => {
  it('announces an inserted active profile as CustomerCreated, correlated by its seed record', () => {
    const event = only(mapChangeToEvents(insert(profile())));
    expect(event.detailType).toBe('CustomerCreated');
    expect(event.detail).toMatchObject({ customerId: 'c9', seedRecord: 'customer#a#b#c' });
    expect(event.detail.metadata.correlationId).toBe(correlationIdFor('customer#a#b#c'));
    expect(event.detail.metadata.eventId).toBe(eventIdFor(change({}), 'CustomerCreated'));
  });

  it('stays silent for a profile rewritten, or inserted already merged away', () => {
    expect(mapChangeToEvents(rewrite(profile()))).toEqual([]);
    expect(mapChangeToEvents(insert(profile({ status: 'merged' })))).toEqual([]);
  });
});

describe('merge and unmerge ledger entries', () => {
  it('announces a merge entry as CustomersMerged and an unmerge as CustomerUnmerged, correlated by entry id', () => {
    const merged = only(mapChangeToEvents(insert(ledger())));
    expect(merged.detailType).toBe('CustomersMerged');
    expect(merged.detail).toMatchObject({ entry: { entryId: 'e-merge', survivorId: 'c1', mergedId: 'c2' } });
    expect(merged.detail.metadata.correlationId).toBe(correlationIdFor('e-merge'));
    const unmerged = only(mapChangeToEvents(insert(ledger({ entry: entry('unmerge') }))));
    expect(unmerged.detailType).toBe('CustomerUnmerged');
    expect(unmerged.detail.metadata.correlationId).toBe(correlationIdFor('e-unmerge'));
  });

  it('announces the primary copy of an entry, an entry without a primary mark too', () => {
    expect(mapChangeToEvents(insert(ledger({ primary: true })))).toHaveLength(1);
    expect(mapChangeToEvents(insert(ledger({ primary: undefined })))).toHaveLength(1);
  });

  it('stays silent for a rewritten entry, an entry moved by a merge and the secondary copy', () => {
    expect(mapChangeToEvents(rewrite(ledger()))).toEqual([]);
    expect(mapChangeToEvents(insert(ledger({ cause: 'move' })))).toEqual([]);
    expect(mapChangeToEvents(insert(ledger({ primary: false })))).toEqual([]);
  });

  it('refuses a malformed entry, naming the item', () => {
    expect(() => mapChangeToEvents(insert(ledger({ entry: { kind: 'merge' } })))).toThrow(
      new UnpublishableChangeError('ledger item LEDGER#e1 is malformed'),
    );
  });
});

describe('identity conflicts', () => {
  it('announces the primary copy of a conflict with its detection time, correlated by conflict id', () => {
    const event = only(mapChangeToEvents(insert(conflictItem())));
    expect(event.detailType).toBe('IdentityConflictDetected');
    expect(event.detail).toMatchObject({
      conflict: { conflictId: 'k1', detectedAt: '2026-03-01T00:00:00Z' },
    });
    expect(event.detail.metadata.correlationId).toBe(correlationIdFor('k1'));
  });

  it('stays silent for a rewrite and for a copy that is not marked primary', () => {
    expect(mapChangeToEvents(rewrite(conflictItem()))).toEqual([]);
    expect(mapChangeToEvents(insert(conflictItem({ primary: false })))).toEqual([]);
    expect(mapChangeToEvents(insert(conflictItem({ primary: undefined })))).toEqual([]);
  });

  it('refuses a malformed conflict, naming the item', () => {
    expect(() => mapChangeToEvents(insert(conflictItem({ detectedAt: 'yesterday' })))).toThrow(
      new UnpublishableChangeError('conflict item LEDGER#e1 is malformed'),
    );
  });
});

describe('erasure markers', () => {
  it('announces an inserted marker as CustomerErased with who asked and what was suppressed', () => {
    const event = only(mapChangeToEvents(insert(erasure())));
    expect(event.detailType).toBe('CustomerErased');
    expect(event.detail).toMatchObject({
      customerId: 'c9',
      erasedAt: '2026-03-01T00:00:00Z',
      requestedBy: 'dpo',
      identifiersSuppressed: 2,
    });
    expect(event.detail.metadata.correlationId).toBe(correlationIdFor('erasure', 'c9'));
  });

  it('stays silent for a rewritten marker', () => {
    expect(mapChangeToEvents(rewrite(erasure()))).toEqual([]);
  });

  it('refuses a marker its event schema rejects, naming event, key and every field at fault', () => {
    let error: unknown;
    try {
      mapChangeToEvents(insert(erasure({ erasedAt: undefined, requestedBy: 7 })));
    } catch (err: unknown) {
      error = err;
    }
    expect(error).toBeInstanceOf(UnpublishableChangeError);
    expect((error as Error).name).toBe('UnpublishableChangeError');
    expect((error as Error).message).toMatch(
      /^CustomerErased for CUST#c1\/LEDGER#e1: erasedAt: .+; requestedBy: .+/,
    );
  });
});

describe('items that announce nothing or belong to another mapper', () => {
  it('stays silent for removals of any kind and for unknown item kinds', () => {
    for (const image of [profile(), ledger(), conflictItem(), erasure()]) {
      expect(mapChangeToEvents(change({ eventName: 'REMOVE', newImage: image, oldImage: image }))).toEqual(
        [],
      );
    }
    expect(mapChangeToEvents(insert({ kind: 'locator', recordKey: 'x' }))).toEqual([]);
    expect(mapChangeToEvents(change({ eventName: 'INSERT', newImage: undefined }))).toEqual([]);
  });
});
