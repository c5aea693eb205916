import { describe, expect, it } from 'vitest';
import { applyHeadChange, emptyHead } from '../../../core/customer-360/view/head-section.ts';
import type { RecordImage } from '../../../core/customer-360/view/record-image.ts';
import { DEFAULT_VIEW_LIMITS } from '../../../core/customer-360/view/view-limits.ts';

// The head's edges the first tests left open (issue 17): a status change arriving after a newer one, a
// latest change without a time, what a status change returns, and when a customer source's removal is a loss.

const limits = DEFAULT_VIEW_LIMITS;
const none = {};
const status = (dimension: string, value: string, changedAt?: string) => ({
  kind: 'status',
  change: { dimension, value, ...(changedAt === undefined ? {} : { changedAt }) },
});
const source = (key: string, versionOrd = 'N1'): RecordImage => ({
  recordKey: key,
  entity: 'customer',
  versionOrd,
  source: { system: 's' },
  data: { name: key },
});

describe('applyHeadChange status edges', () => {
  it('keeps the newer change of a dimension as the latest when an older one arrives after it', () => {
    const head = emptyHead();

    applyHeadChange(head, 'S#2', undefined, status('risk', 'high', '2026-01-03'), none, limits);
    applyHeadChange(head, 'S#1', undefined, status('risk', 'low', '2026-01-01'), none, limits);

    expect(head.statusLatest.risk).toEqual({ dimension: 'risk', value: 'high', changedAt: '2026-01-03' });
    expect(head.statusHistory.entries.map((e) => e.recordKey)).toEqual(['S#2', 'S#1']);
  });

  it('replaces a latest change that has no time by any dated one', () => {
    const head = emptyHead();

    applyHeadChange(head, 'S#1', undefined, status('risk', 'unknown'), none, limits);
    applyHeadChange(head, 'S#2', undefined, status('risk', 'low', '2026-01-01'), none, limits);

    expect(head.statusLatest.risk).toEqual({ dimension: 'risk', value: 'low', changedAt: '2026-01-01' });
  });

  it('calls adding a status change no loss, also when it replaces the same change seen before', () => {
    const head = emptyHead();

    const added = applyHeadChange(head, 'S#1', undefined, status('risk', 'low', '2026-01-01'), none, limits);
    const again = applyHeadChange(
      head,
      'S#1',
      status('risk', 'low', '2026-01-01'),
      status('risk', 'high', '2026-01-02'),
      none,
      limits,
    );

    expect([added, again]).toEqual([false, false]);
    expect(head.statusHistory.entries).toHaveLength(1);
  });
});

describe('applyHeadChange customer source edges', () => {
  it('calls the removal of a kept source no loss while every source is kept', () => {
    const head = emptyHead();
    applyHeadChange(head, 'REC#a', undefined, { kind: 'record' }, { next: source('a') }, limits);
    applyHeadChange(head, 'REC#b', undefined, { kind: 'record' }, { next: source('b') }, limits);

    const lost = applyHeadChange(
      head,
      'REC#a',
      { kind: 'record' },
      undefined,
      { previous: source('a') },
      limits,
    );

    expect(lost).toBe(false);
    expect(head.customerSources).toMatchObject({ total: 1, entries: [{ recordKey: 'b' }] });
  });

  it('calls the removal of a source the truncated list does not keep no loss', () => {
    const head = emptyHead();
    const one = { ...limits, customerSources: 1 };
    applyHeadChange(head, 'REC#a', undefined, { kind: 'record' }, { next: source('a', 'N1') }, one);
    applyHeadChange(head, 'REC#b', undefined, { kind: 'record' }, { next: source('b', 'N2') }, one);

    const lost = applyHeadChange(
      head,
      'REC#a',
      { kind: 'record' },
      undefined,
      { previous: source('a', 'N1') },
      one,
    );

    expect(lost).toBe(false);
    expect(head.customerSources).toMatchObject({ total: 1, entries: [{ recordKey: 'b' }] });
  });
});
