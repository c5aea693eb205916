import { describe, expect, it } from 'vitest';
import type { WriteOp } from '../../../core/items/write-ops.ts';
import {
  buildCoverageDueItem,
  CoverageDueItemSchema,
  coverageDueWrites,
  coverageEndsOf,
  coverageSweepDays,
  decideDueCoverage,
  storedCoverageDueItems,
} from '../../../core/reactions/coverage-due.ts';
import { ReactionsConfigSchema } from '../../../schemas/config/reactions-config.ts';
import type { InstalledProductData } from '../../../schemas/entities/installed-product.ts';

const NOW = new Date('2026-03-02T10:00:00Z');
const RECORD = 'installedProduct#sap-s4#installed-base#10000042';
const pump = (ends: Partial<InstalledProductData>): InstalledProductData => ({
  partNumber: 'P-100',
  serialNumber: 'SN1',
  quantity: 1,
  purchasedOn: '2024-04-16',
  ...ends,
});
const keysOf = (ops: readonly WriteOp[]) =>
  ops.map(
    (op) => `${op.op} ${op.op === 'put' ? `${op.item.pk} ${op.item.sk}` : `${op.key.pk} ${op.key.sk}`}`,
  );

describe('which coverage a change files for the daily sweep', () => {
  it('files a warranty ending 45 days out under its end day, and none for an end inside the window', () => {
    const ops = coverageDueWrites({
      recordKey: RECORD,
      before: undefined,
      after: pump({ warrantyEnd: '2026-04-16', contractNumber: '4100007', contractEnd: '2026-03-20' }),
      now: NOW,
    });

    expect(keysOf(ops)).toEqual([`put COVERAGE-DUE#2026-04-16 ${RECORD}#warranty`]);
  });

  it('files an end one day beyond the window and not one on its last day', () => {
    const filed = (warrantyEnd: string) =>
      coverageDueWrites({ recordKey: RECORD, before: undefined, after: pump({ warrantyEnd }), now: NOW })
        .length;

    // 30 days from 2 March is 1 April: that end is noticed by the change itself.
    expect([filed('2026-04-01'), filed('2026-04-02')]).toEqual([0, 1]);
  });

  it('follows the notice window of the configuration', () => {
    const config = ReactionsConfigSchema.parse({ expiryNoticeDays: 60 });

    const ops = coverageDueWrites({
      recordKey: RECORD,
      before: undefined,
      after: pump({ warrantyEnd: '2026-04-16' }),
      now: NOW,
      config,
    });

    expect(ops).toEqual([]);
  });

  it('writes nothing when the end dates stay as they were, whatever else changed', () => {
    const ops = coverageDueWrites({
      recordKey: RECORD,
      before: pump({ warrantyEnd: '2026-04-16', location: 'hall 1' }),
      after: pump({ warrantyEnd: '2026-04-16', location: 'hall 2' }),
      now: NOW,
    });

    expect(ops).toEqual([]);
  });

  it('withdraws the old end of a renewed contract and files the new one', () => {
    const ops = coverageDueWrites({
      recordKey: RECORD,
      before: pump({ contractNumber: '4100007', contractEnd: '2026-04-16' }),
      after: pump({ contractNumber: '4100007', contractEnd: '2027-04-16' }),
      now: NOW,
    });

    expect(keysOf(ops)).toEqual([
      `delete COVERAGE-DUE#2026-04-16 ${RECORD}#contract`,
      `put COVERAGE-DUE#2027-04-16 ${RECORD}#contract`,
    ]);
  });

  it('names only the ends a unit has', () => {
    expect(coverageEndsOf(pump({ contractEnd: '2026-04-16' }))).toStrictEqual([
      { coverage: 'contract', endsOn: '2026-04-16' },
    ]);
    expect(coverageEndsOf(pump({ warrantyEnd: '2026-04-16' }))).toStrictEqual([
      { coverage: 'warranty', endsOn: '2026-04-16' },
    ]);
    expect(coverageEndsOf(pump({}))).toStrictEqual([]);
  });

  it('tells a warranty from a contract ending the same day: a warranty turned contract is withdrawn and filed', () => {
    const ops = coverageDueWrites({
      recordKey: RECORD,
      before: pump({ warrantyEnd: '2026-04-16' }),
      after: pump({ contractNumber: '4100007', contractEnd: '2026-04-16' }),
      now: NOW,
    });

    expect(keysOf(ops)).toEqual([
      `delete COVERAGE-DUE#2026-04-16 ${RECORD}#warranty`,
      `put COVERAGE-DUE#2026-04-16 ${RECORD}#contract`,
    ]);
  });

  it('files a stored unit ending today, inside the window too, and not one ended yesterday', () => {
    const filed = (warrantyEnd: string) =>
      storedCoverageDueItems(RECORD, pump({ warrantyEnd }), NOW).map((item) => item.pk);

    expect([filed('2026-03-01'), filed('2026-03-02'), filed('2026-03-20')]).toEqual([
      [],
      ['COVERAGE-DUE#2026-03-02'],
      ['COVERAGE-DUE#2026-03-20'],
    ]);
  });

  it('keeps no customer id or serial number in a due item, and lets TTL remove it once its end day is over', () => {
    const item = buildCoverageDueItem(RECORD, { coverage: 'warranty', endsOn: '2026-04-16' });

    expect(CoverageDueItemSchema.parse(item)).toEqual({
      kind: 'coverageDue',
      recordKey: RECORD,
      coverage: 'warranty',
      endsOn: '2026-04-16',
    });
    expect(JSON.stringify(item)).not.toMatch(/SN1|customer/i);
    expect(new Date(Number(item.expiresAt) * 1000).toISOString()).toBe('2026-04-18T00:00:00.000Z');
  });
});

describe('the days a sweep reads', () => {
  it('reads every end day from today through the last day of the window', () => {
    const days = coverageSweepDays(NOW);

    expect([days.length, days[0], days.at(-1)]).toEqual([31, '2026-03-02', '2026-04-01']);
  });
});

describe('what the sweep decides for a due item', () => {
  const due = { recordKey: RECORD, coverage: 'warranty' as const, endsOn: '2026-04-01' };

  it('notices the unit on its current customer with the same key and payload as the change stream', () => {
    const decision = decideDueCoverage({
      due,
      current: { customerId: 'C-SURVIVOR', product: pump({ warrantyEnd: '2026-04-01' }) },
      now: NOW,
    });

    expect(decision).toEqual({
      outcome: 'notice',
      notice: {
        reactionKey: 'coverage:C-SURVIVOR:P-100:SN1:warranty:2026-04-01',
        customerId: 'C-SURVIVOR',
        partNumber: 'P-100',
        serialNumber: 'SN1',
        coverage: 'warranty',
        endsOn: '2026-04-01',
        daysLeft: 30,
      },
    });
  });

  it('sends nothing for a warranty extended since, nor for the other coverage of the unit', () => {
    const extended = decideDueCoverage({
      due,
      current: { customerId: 'C1', product: pump({ warrantyEnd: '2026-10-01', contractEnd: '2026-04-01' }) },
      now: NOW,
    });

    expect(extended).toEqual({ outcome: 'changed' });
  });

  it('notices the coverage the due item names when both end the same day', () => {
    const decision = decideDueCoverage({
      due: { ...due, coverage: 'contract' },
      current: {
        customerId: 'C1',
        product: pump({ warrantyEnd: '2026-04-01', contractNumber: '4100007', contractEnd: '2026-04-01' }),
      },
      now: NOW,
    });

    expect(decision.outcome === 'notice' && decision.notice.coverage).toBe('contract');
  });

  it('sends nothing for a warranty whose end moved to another day inside the window (the change noticed that one)', () => {
    const moved = decideDueCoverage({
      due,
      current: { customerId: 'C1', product: pump({ warrantyEnd: '2026-03-20' }) },
      now: NOW,
    });

    expect(moved).toEqual({ outcome: 'changed' });
  });

  it('sends nothing for a unit deleted at the source or of an erased customer', () => {
    expect(decideDueCoverage({ due, current: undefined, now: NOW })).toEqual({ outcome: 'gone' });
  });

  it('sends nothing once the window has shrunk below the end', () => {
    const config = ReactionsConfigSchema.parse({ expiryNoticeDays: 10 });

    const decision = decideDueCoverage({
      due,
      current: { customerId: 'C1', product: pump({ warrantyEnd: '2026-04-01' }) },
      now: NOW,
      config,
    });

    expect(decision).toEqual({ outcome: 'changed' });
  });
});
