import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { decideReactions } from '../../../app/reactions/decide-reactions.ts';
import { sweepCoverage } from '../../../app/reactions/sweep-coverage.ts';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { type ItemKey, keyString } from '../../../core/items/write-ops.ts';
import { buildCoverageDueItem } from '../../../core/reactions/coverage-due.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { erp } from '../../../schemas/entities/examples.ts';
import { recordItems, storedRecord } from '../items/stored-items.ts';

// The daily coverage sweep on the in-memory backend: what it decides for units that stayed, changed, were deleted,
// merged into another customer or erased since their due item was filed.

const SWEEP_DAY = new Date('2026-03-02T00:20:00Z');
const END = '2026-04-01';

const unit = (key: string, data: Record<string, unknown>) =>
  storedRecord({
    entity: 'installedProduct',
    source: { system: 'sap-s4', stream: 'installed-base', key, version: '1' },
    identifiers: [erp('1000')],
    data: { partNumber: 'P-100', serialNumber: `SN-${key}`, purchasedOn: '2024-04-01', ...data },
  } as CanonicalRecordInput);

const backendWith = (items: readonly Item[]) => {
  const backend = new MemoryBackend();
  for (const item of items) backend.items.set(keyString(item), structuredClone(item));
  return backend;
};
const notices = (backend: MemoryBackend) =>
  [...backend.items.values()].filter((item) => item.kind === 'reaction').map((item) => item.payload);
const dueItems = (backend: MemoryBackend) =>
  [...backend.items.values()].filter((item) => item.kind === 'coverageDue');

describe('the daily coverage sweep', () => {
  const stays = unit('E-STAYS', { warrantyEnd: END });

  it('notices a unit whose warranty end has entered the window, once however often it runs', async () => {
    const backend = backendWith([
      ...recordItems(stays, 'C1'),
      buildCoverageDueItem(stays.recordKey, { coverage: 'warranty', endsOn: END }),
    ]);

    const first = await sweepCoverage({ backend, now: () => SWEEP_DAY });
    const second = await sweepCoverage({ backend, now: () => SWEEP_DAY });

    expect(first).toMatchObject({ days: 31, due: 1, noticed: 1, failed: [] });
    expect(second).toMatchObject({ due: 0, noticed: 0 });
    expect(notices(backend)).toEqual([
      expect.objectContaining({
        reactionKey: `coverage:C1:P-100:SN-E-STAYS:warranty:${END}`,
        daysLeft: 30,
      }),
    ]);
    expect(dueItems(backend)).toEqual([]);
  });

  it('does not repeat a notice the change stream already gave, and still clears the due item', async () => {
    const backend = backendWith([
      ...recordItems(stays, 'C1'),
      buildCoverageDueItem(stays.recordKey, { coverage: 'warranty', endsOn: END }),
    ]);
    await decideReactions([insertOf(stays, 'C1')], { backend, now: () => new Date('2026-03-02T00:10:00Z') });

    const run = await sweepCoverage({ backend, now: () => SWEEP_DAY });

    expect(run).toMatchObject({ due: 1, noticed: 0, alreadyNoticed: 1 });
    expect(notices(backend)).toHaveLength(1);
    expect(dueItems(backend)).toEqual([]);
  });

  it('sends nothing for an extended warranty, a unit deleted at the source or one of an erased customer', async () => {
    const extended = unit('E-EXTENDED', { warrantyEnd: '2027-04-01' });
    const deleted = unit('E-DELETED', { warrantyEnd: END });
    const erased = unit('E-ERASED', { warrantyEnd: END });
    const tombstone = recordItems(deleted, 'C1')
      .filter((item) => item.kind === 'locator')
      .map((item) => ({ ...item, deleted: true, partition: undefined }));
    const backend = backendWith([
      ...recordItems(extended, 'C1'),
      ...tombstone,
      // An erasure leaves neither the record nor its locator.
      ...[extended, deleted, erased].map((u) =>
        buildCoverageDueItem(u.recordKey, { coverage: 'warranty', endsOn: END }),
      ),
    ]);

    const run = await sweepCoverage({ backend, now: () => SWEEP_DAY });

    expect(run).toMatchObject({ due: 3, noticed: 0, changed: 1, gone: 2, failed: [] });
    expect(notices(backend)).toEqual([]);
    expect(dueItems(backend)).toEqual([]);
  });

  it('notices a unit merged into another customer on that customer, where its locator places it now', async () => {
    const merged = unit('E-MERGED', { contractNumber: '4100007', contractEnd: END });
    const backend = backendWith([
      ...recordItems(merged, 'C-SURVIVOR'),
      buildCoverageDueItem(merged.recordKey, { coverage: 'contract', endsOn: END }),
    ]);

    await sweepCoverage({ backend, now: () => SWEEP_DAY });

    expect(notices(backend)).toEqual([
      expect.objectContaining({ customerId: 'C-SURVIVOR', coverage: 'contract', contractNumber: '4100007' }),
    ]);
  });

  it('reports a unit it could not decide and goes on with the others; the failed one stays for the next run', async () => {
    const broken = unit('E-BROKEN', { warrantyEnd: END });
    const backend = backendWith([
      ...recordItems(stays, 'C1'),
      ...recordItems(broken, 'C1'),
      ...[stays, broken].map((u) => buildCoverageDueItem(u.recordKey, { coverage: 'warranty', endsOn: END })),
    ]);
    const brokenLocator = keyString({ pk: keys.locator(broken.recordKey), sk: keys.locatorSort });
    const reads = backend.getItems.bind(backend);
    backend.getItems = async (wanted: readonly ItemKey[]) => {
      if (wanted.some((key) => keyString(key) === brokenLocator)) throw new Error('throttled');
      return reads(wanted);
    };

    const run = await sweepCoverage({ backend, now: () => SWEEP_DAY });

    expect(run).toMatchObject({ due: 2, noticed: 1 });
    expect(run.failed).toEqual([{ recordKey: broken.recordKey, endsOn: END, error: 'Error: throttled' }]);
    expect(dueItems(backend).map((item) => item.recordKey)).toEqual([broken.recordKey]);
  });

  it('starts no unit with less than a minute left, and says how many it did not reach', async () => {
    const backend = backendWith([
      ...recordItems(stays, 'C1'),
      buildCoverageDueItem(stays.recordKey, { coverage: 'warranty', endsOn: END }),
    ]);

    const run = await sweepCoverage({ backend, now: () => SWEEP_DAY, remainingMs: () => 59_000 });

    expect(run).toMatchObject({ due: 1, noticed: 0, notReached: 1 });
    expect(dueItems(backend)).toHaveLength(1);
  });
});

/** The change the stream delivers for a unit's record first written into `customerId`. */
const insertOf = (record: ReturnType<typeof unit>, customerId: string, old?: ReturnType<typeof unit>) => {
  const [main] = recordItems(record, customerId);
  const [before] = old ? recordItems(old, customerId) : [];
  return {
    eventName: old ? 'MODIFY' : 'INSERT',
    sequenceNumber: '1',
    approximateCreationDateTime: Date.parse('2026-03-02T00:10:00Z') / 1000,
    keys: { pk: String(main?.pk), sk: String(main?.sk) },
    newImage: main,
    ...(before ? { oldImage: before } : {}),
  } satisfies ChangeRecord;
};

describe('the change stream files what the sweep will notice', () => {
  const LOAD_DAY = new Date('2026-02-15T09:00:00Z');

  it('notices nothing for a warranty 45 days from its end, and files it under its end day', async () => {
    const backend = new MemoryBackend();
    const loaded = unit('E-45', { warrantyEnd: END });

    const result = await decideReactions([insertOf(loaded, 'C1')], { backend, now: () => LOAD_DAY });

    expect(result).toEqual({ decided: 0, failedSequenceNumbers: [] });
    expect(dueItems(backend)).toEqual([
      expect.objectContaining({
        pk: `COVERAGE-DUE#${END}`,
        recordKey: loaded.recordKey,
        coverage: 'warranty',
      }),
    ]);
  });

  it('withdraws the due item of a contract end the record no longer has', async () => {
    const backend = new MemoryBackend();
    const before = unit('E-RENEWED', { contractNumber: '4100007', contractEnd: END });
    const renewed = storedRecord({
      entity: 'installedProduct',
      source: { system: 'sap-s4', stream: 'installed-base', key: 'E-RENEWED', version: '2' },
      identifiers: [erp('1000')],
      data: {
        partNumber: 'P-100',
        serialNumber: 'SN-E-RENEWED',
        purchasedOn: '2024-04-01',
        contractNumber: '4100007',
        contractEnd: '2027-04-01',
      },
    } as CanonicalRecordInput);
    await decideReactions([insertOf(before, 'C1')], { backend, now: () => LOAD_DAY });

    await decideReactions([insertOf(renewed, 'C1', before)], { backend, now: () => LOAD_DAY });

    expect(dueItems(backend).map((item) => item.pk)).toEqual(['COVERAGE-DUE#2027-04-01']);
  });
});

describe('due items follow a unit that moves or goes', () => {
  const LOAD_DAY = new Date('2026-02-15T09:00:00Z');
  const removalOf = (record: ReturnType<typeof unit>, customerId: string): ChangeRecord => {
    const [main] = recordItems(record, customerId);
    return {
      eventName: 'REMOVE',
      sequenceNumber: '2',
      keys: { pk: String(main?.pk), sk: String(main?.sk) },
      oldImage: main,
    };
  };

  it('withdraws the old end when a merge moved the unit and renewed its contract in one write', async () => {
    const before = unit('E-MOVED', { contractNumber: '4100007', contractEnd: END });
    const renewed = storedRecord({
      entity: 'installedProduct',
      source: { system: 'sap-s4', stream: 'installed-base', key: 'E-MOVED', version: '2' },
      identifiers: [erp('1000')],
      data: {
        partNumber: 'P-100',
        purchasedOn: '2024-04-01',
        contractNumber: '4100007',
        contractEnd: '2027-04-01',
      },
    } as CanonicalRecordInput);
    const backend = backendWith([...recordItems(renewed, 'C-SURVIVOR')]);
    await decideReactions([insertOf(before, 'C1')], { backend, now: () => LOAD_DAY });

    // The survivor's copy arrives as a move, the old copy's removal after it; both are read against the locator.
    const moved = {
      ...insertOf(renewed, 'C-SURVIVOR'),
      newImage: { ...recordItems(renewed, 'C-SURVIVOR')[0], cause: 'move' },
    };
    await decideReactions([moved as ChangeRecord, removalOf(before, 'C1')], { backend, now: () => LOAD_DAY });

    expect(dueItems(backend).map((item) => item.pk)).toEqual(['COVERAGE-DUE#2027-04-01']);
    expect(notices(backend)).toEqual([]);
  });

  it('withdraws every end of a unit deleted at the source, and keeps those of a unit whose copy went away only', async () => {
    const deleted = unit('E-GONE', { warrantyEnd: END });
    const kept = unit('E-KEPT', { warrantyEnd: END });
    const backend = backendWith(recordItems(kept, 'C-SURVIVOR'));
    await decideReactions([insertOf(deleted, 'C1'), insertOf(kept, 'C1')], { backend, now: () => LOAD_DAY });

    await decideReactions([removalOf(deleted, 'C1'), removalOf(kept, 'C1')], {
      backend,
      now: () => LOAD_DAY,
    });

    expect(dueItems(backend).map((item) => item.recordKey)).toEqual([kept.recordKey]);
  });
});

describe('units stored before due items existed', () => {
  const storeOf = (backend: MemoryBackend) => ({
    async *readAll() {
      yield [...backend.items.values()];
    },
  });

  it('are filed once per store on the first run, which notices those already inside the window', async () => {
    const inWindow = unit('E-OLD-SOON', { warrantyEnd: '2026-03-20' });
    const later = unit('E-OLD-LATER', { warrantyEnd: '2026-09-01' });
    const ended = unit('E-OLD-ENDED', { warrantyEnd: '2026-02-01' });
    const backend = backendWith([inWindow, later, ended].flatMap((u) => recordItems(u, 'C1')));
    const storedItems = storeOf(backend);

    const first = await sweepCoverage({ backend, now: () => SWEEP_DAY, storedItems });
    const second = await sweepCoverage({ backend, now: () => SWEEP_DAY, storedItems });

    expect(first).toMatchObject({ storedUnits: { status: 'done', filed: 2 }, due: 1, noticed: 1 });
    expect(notices(backend)).toEqual([expect.objectContaining({ endsOn: '2026-03-20', daysLeft: 18 })]);
    expect(dueItems(backend).map((item) => item.pk)).toEqual(['COVERAGE-DUE#2026-09-01']);
    expect(second).toMatchObject({ storedUnits: { status: 'alreadyDone', filed: 0 }, due: 0 });
  });

  it('are filed again from the start by the next run when a run ran out of time before the end of the store', async () => {
    const backend = backendWith(recordItems(unit('E-OLD', { warrantyEnd: '2026-09-01' }), 'C1'));

    const run = await sweepCoverage({
      backend,
      now: () => SWEEP_DAY,
      storedItems: storeOf(backend),
      remainingMs: () => 90_000,
    });

    expect(run.storedUnits).toEqual({ status: 'unfinished', filed: 0 });
    expect([...backend.items.values()].some((item) => item.kind === 'coverageDueFiled')).toBe(false);
  });
});
