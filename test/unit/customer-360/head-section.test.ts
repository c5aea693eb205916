import { describe, expect, it } from 'vitest';
import { applyHeadChange, emptyHead } from '../../../core/customer-360/view/head-section.ts';
import type { RecordImage } from '../../../core/customer-360/view/record-image.ts';
import { DEFAULT_VIEW_LIMITS } from '../../../core/customer-360/view/view-limits.ts';

const limits = DEFAULT_VIEW_LIMITS;
const none = {};
const status = (dimension: string, value: string, changedAt: string) => ({
  kind: 'status',
  change: { dimension, value, changedAt },
});

describe('applyHeadChange', () => {
  it('keeps the profile’s counters and status as the basis, zero for counters it lacks', () => {
    const head = emptyHead();

    applyHeadChange(
      head,
      'PROFILE',
      undefined,
      { kind: 'profile', rev: 3, writes: 7, status: 'active' },
      none,
      limits,
    );
    expect(head.basis).toEqual({ rev: 3, writes: 7, status: 'active' });

    applyHeadChange(
      head,
      'PROFILE',
      undefined,
      { kind: 'profile', rev: '3', status: 'merged' },
      none,
      limits,
    );
    expect(head.basis).toEqual({ rev: 0, writes: 0, status: 'merged' });

    expect(applyHeadChange(head, 'PROFILE', { kind: 'profile' }, undefined, none, limits)).toBe(false);
    expect(head.basis).toEqual({ rev: 0, writes: 0, status: 'merged' });
  });

  it('adds and removes identifier mirrors, conflicts and insights by sort key', () => {
    const head = emptyHead();
    const identifier = { type: 'email', value: 'a@b.de' };

    applyHeadChange(
      head,
      'ID#email:a@b.de',
      undefined,
      { kind: 'identifierMirror', identifier },
      none,
      limits,
    );
    applyHeadChange(
      head,
      'CONFLICT#1',
      undefined,
      { kind: 'conflict', conflict: { reason: 'r' }, detectedAt: 'd' },
      none,
      limits,
    );
    applyHeadChange(head, 'INSIGHTS', undefined, { kind: 'insights', detail: { score: 1 } }, none, limits);
    expect(head.identifiers).toEqual({ 'ID#email:a@b.de': identifier });
    expect(head.conflicts).toEqual({ 'CONFLICT#1': { reason: 'r', detectedAt: 'd' } });
    expect(head.insights).toEqual({ score: 1 });

    // Keyed upserts: taking one out never loses anything the view cannot rebuild.
    const lost = [
      applyHeadChange(head, 'ID#email:a@b.de', { kind: 'identifierMirror' }, undefined, none, limits),
      applyHeadChange(head, 'CONFLICT#1', { kind: 'conflict' }, undefined, none, limits),
      applyHeadChange(head, 'INSIGHTS', { kind: 'insights' }, undefined, none, limits),
    ];
    expect(lost).toEqual([false, false, false]);
    expect(head.identifiers).toEqual({});
    expect(head.conflicts).toEqual({});
    expect(head).not.toHaveProperty('insights');
  });

  it('keeps status changes newest first, one entry per sort key, and the latest change per dimension', () => {
    const head = emptyHead();

    applyHeadChange(head, 'S#1', undefined, status('risk', 'low', '2026-01-01'), none, limits);
    applyHeadChange(head, 'S#2', undefined, status('risk', 'high', '2026-01-03'), none, limits);
    applyHeadChange(head, 'S#3', undefined, status('risk', 'medium', '2026-01-02'), none, limits);
    applyHeadChange(head, 'S#2', undefined, status('risk', 'high', '2026-01-03'), none, limits);
    applyHeadChange(head, 'S#4', undefined, status('stage', 'new', '2026-01-03'), none, limits);

    // S#2 and S#4 share a time: the sort key breaks the tie.
    expect(head.statusHistory.entries.map((e) => e.recordKey)).toEqual(['S#2', 'S#4', 'S#3', 'S#1']);
    expect(head.statusHistory.total).toBe(4);
    expect(head.statusLatest).toEqual({
      risk: { dimension: 'risk', value: 'high', changedAt: '2026-01-03' },
      stage: { dimension: 'stage', value: 'new', changedAt: '2026-01-03' },
    });
  });

  it('replaces the latest change of a dimension by one at the same time', () => {
    const head = emptyHead();

    applyHeadChange(head, 'S#1', undefined, status('risk', 'low', '2026-01-01'), none, limits);
    applyHeadChange(head, 'S#2', undefined, status('risk', 'high', '2026-01-01'), none, limits);

    expect(head.statusLatest.risk).toMatchObject({ value: 'high' });
  });

  it('takes a removed status change out of the history and calls that a loss; a change without body is dropped', () => {
    const head = emptyHead();
    applyHeadChange(head, 'S#1', undefined, status('risk', 'low', '2026-01-01'), none, limits);

    expect(applyHeadChange(head, 'S#1', status('risk', 'low', '2026-01-01'), undefined, none, limits)).toBe(
      true,
    );
    expect(head.statusHistory).toEqual({ total: 0, entries: [] });
    expect(applyHeadChange(head, 'S#9', undefined, { kind: 'status', change: 'text' }, none, limits)).toBe(
      false,
    );
    expect(head.statusHistory.entries).toEqual([]);
  });

  it('orders a status change without a time or dimension under ""', () => {
    const head = emptyHead();

    applyHeadChange(head, 'S#1', undefined, { kind: 'status', change: { value: 'x' } }, none, limits);

    expect(head.statusHistory.entries[0]).toMatchObject({ recordKey: 'S#1', versionOrd: '', at: '' });
    expect(head.statusLatest).toEqual({ '': { value: 'x' } });
  });

  it('keeps customer source records newest version first and says when a kept one goes from a truncated list', () => {
    const head = emptyHead();
    const record = (key: string, versionOrd: string): RecordImage => ({
      recordKey: key,
      entity: 'customer',
      versionOrd,
      source: { system: 's' },
      data: { name: key },
    });
    const one = { ...limits, customerSources: 1 };

    applyHeadChange(head, 'REC#a', undefined, { kind: 'record' }, { next: record('a', 'N1') }, one);
    applyHeadChange(head, 'REC#b', undefined, { kind: 'record' }, { next: record('b', 'N2') }, one);
    expect(head.customerSources.entries.map((e) => [e.recordKey, e.at])).toEqual([['b', 'N2']]);
    expect(head.customerSources.total).toBe(2);

    const gone = applyHeadChange(
      head,
      'REC#b',
      { kind: 'record' },
      undefined,
      { previous: record('b', 'N2') },
      one,
    );
    expect(gone).toBe(true);
    expect(head.customerSources).toEqual({ total: 1, entries: [] });
  });

  it('replaces a customer source record by its new version without calling it a loss', () => {
    const head = emptyHead();
    const record = (versionOrd: string): RecordImage => ({
      recordKey: 'a',
      entity: 'customer',
      versionOrd,
      source: { system: 's' },
      data: { name: versionOrd },
    });
    applyHeadChange(head, 'REC#a', undefined, { kind: 'record' }, { next: record('N1') }, limits);

    const replaced = applyHeadChange(
      head,
      'REC#a',
      { kind: 'record' },
      { kind: 'record' },
      { previous: record('N1'), next: record('N2') },
      limits,
    );

    expect(replaced).toBe(false);
    expect(head.customerSources.total).toBe(1);
    expect(head.customerSources.entries.map((e) => [e.versionOrd, e.data])).toEqual([['N2', { name: 'N2' }]]);
  });

  it('ignores a tombstone and items the head does not show', () => {
    const head = emptyHead();
    const tombstone: RecordImage = { recordKey: 'a', entity: 'customer', versionOrd: 'N1', source: {} };

    expect(applyHeadChange(head, 'REC#a', undefined, { kind: 'record' }, { next: tombstone }, limits)).toBe(
      false,
    );
    expect(applyHeadChange(head, 'X', undefined, { kind: 'ledger' }, none, limits)).toBe(false);

    expect(head).toEqual(emptyHead());
  });
});
