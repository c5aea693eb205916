import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import {
  factsOfPartition,
  type InsightsPlan,
  insightsFingerprint,
  planInsightsWrite,
} from '../../../core/insights/store/plan-insights-write.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import type { WriteOp } from '../../../core/items/write-ops.ts';
import { defaultInsightsConfig as config } from '../../../schemas/config/insights-config.ts';
import type { KeyCustomerStanding } from '../../../schemas/entities/customer-insights.ts';
import { customer, order } from './records.ts';
import { partitionOf, seedCustomer } from './wiring-fixtures.ts';

// The pure planner of an insights write, over partitions built as the store writes them and plans
// applied to a plain list of items (puts replace by key, deletes remove).
const NOW = '2026-03-01T00:00:00Z';
const partition = (
  records = [order('SO-1', '2026-02-01T09:00:00Z', 800)],
  status: 'active' | 'merged' = 'active',
) => {
  const backend = new MemoryBackend();
  seedCustomer(backend, 'C1', [customer('BP-1', { companyName: 'ACME' }), ...records], status);
  return [...partitionOf(backend, 'C1').values()];
};
const apply = (items: readonly Item[], plan: InsightsPlan): Item[] => {
  if (plan.kind === 'unchanged') return [...items];
  const byKey = new Map(items.map((i) => [`${i.pk}|${i.sk}`, i]));
  for (const op of plan.ops) {
    if (op.op === 'put') byKey.set(`${op.item.pk}|${op.item.sk}`, op.item);
    else if (op.op === 'delete') byKey.delete(`${op.key.pk}|${op.key.sk}`);
  }
  return [...byKey.values()];
};
const plan = (
  items: readonly Item[],
  over: { now?: string; keyCustomer?: KeyCustomerStanding | null } = {},
) => planInsightsWrite({ customerId: 'C1', items, config, now: NOW, rfmBoundaries: null, ...over });
const opsOf = (p: InsightsPlan): readonly WriteOp[] => (p.kind === 'write' ? p.ops : []);
const membershipSks = (ops: readonly WriteOp[]) =>
  ops.flatMap((op) => (op.op === 'put' && op.item.kind === 'segmentMember' ? [op.item.sk] : []));
const standing = (over: Partial<KeyCustomerStanding> = {}): KeyCustomerStanding => ({
  flagged: true,
  rank: 1,
  revenue: 800,
  cumulativeShare: 1,
  revenueShareRule: 0.8,
  windowStart: '2025-03-01',
  computedAt: NOW,
  ...over,
});

describe('planning an insights write', () => {
  it('writes a first INSIGHTS item that must not exist yet, and one membership per kind named as the customer', () => {
    const result = plan(partition());
    const ops = opsOf(result);

    expect(result.kind).toBe('write');
    expect(ops[0]).toMatchObject({
      op: 'put',
      condition: { kind: 'absent' },
      item: {
        pk: 'CUST#C1',
        sk: 'INSIGHTS',
        kind: 'insights',
        customerId: 'C1',
        version: 1,
        evaluatedAt: NOW,
      },
    });
    expect(ops.slice(1)).toEqual([
      expect.objectContaining({
        op: 'put',
        item: expect.objectContaining({
          pk: 'CUST#C1',
          sk: 'INSIGHTS#lifecycle',
          segment: 'lifecycle:first-time',
          displayName: 'ACME',
          gsi1pk: 'SEGMENT#lifecycle:first-time',
          gsi1sk: 'CUST#C1',
        }),
      }),
      expect.objectContaining({
        item: expect.objectContaining({ sk: 'INSIGHTS#risk', segment: 'risk:low' }),
      }),
      expect.objectContaining({
        item: expect.objectContaining({ sk: 'INSIGHTS#profit', segment: 'profit:unknown' }),
      }),
    ]);
    expect(result).toMatchObject({ facts: { customerId: 'C1', orders: [{ orderNumber: 'SO-1' }] } });
  });

  it('finds nothing to write once its plan is applied, and guards the next write by the stored version', () => {
    const stored = apply(partition(), plan(partition()));

    const again = plan(stored);
    // A population run that flags the customer changes the detail and adds the key membership.
    const later = plan(stored, { keyCustomer: standing() });

    expect(again).toEqual({ kind: 'unchanged', facts: factsOfPartition('C1', stored) });
    expect(opsOf(later)[0]).toMatchObject({
      op: 'put',
      condition: { kind: 'matches', attributes: { version: 1 } },
      item: { version: 2 },
    });
    expect(membershipSks(opsOf(later))).toEqual(['INSIGHTS#key']);
  });

  it('keeps the stored key-customer standing when the new one differs only in its computation time', () => {
    const flagged = apply(partition(), plan(partition(), { keyCustomer: standing() }));

    const sameRanking = plan(flagged, { keyCustomer: standing({ computedAt: '2026-03-02T00:00:00Z' }) });
    const keptWhenAbsent = plan(flagged);
    const dropped = plan(flagged, { keyCustomer: standing({ flagged: false, rank: 4 }) });

    expect(sameRanking.kind).toBe('unchanged');
    expect(keptWhenAbsent.kind).toBe('unchanged');
    expect(opsOf(dropped)).toContainEqual({ op: 'delete', key: { pk: 'CUST#C1', sk: 'INSIGHTS#key' } });
  });

  it.each([
    ['since', '2020-01-01T00:00:00Z'],
    ['reason', 'an older reason'],
    ['segment', 'lifecycle:prospect'],
    ['displayName', 'Old name'],
  ])(
    'rewrites a stored membership whose %s differs from the evaluation, and only that one',
    (field, value) => {
      const stored = apply(partition(), plan(partition()));
      const altered = stored.map((i) => (i.sk === 'INSIGHTS#lifecycle' ? { ...i, [field]: value } : i));

      const result = plan(altered);

      expect(result.kind).toBe('write');
      expect(membershipSks(opsOf(result))).toEqual(['INSIGHTS#lifecycle']);
    },
  );

  it('moves the memberships to the new name when a source renames the customer', () => {
    const stored = apply(partition(), plan(partition()));
    const backend = new MemoryBackend();
    seedCustomer(backend, 'C1', [customer('BP-1', { companyName: 'ACME Industries' })]);
    const fresh = partitionOf(backend, 'C1');
    const withNewName = stored.map((i) => fresh.get(i.sk) ?? i);

    const ops = opsOf(plan(withNewName));

    expect(membershipSks(ops)).toEqual(['INSIGHTS#lifecycle', 'INSIGHTS#risk', 'INSIGHTS#profit']);
    expect(ops.flatMap((op) => (op.op === 'put' ? [op.item.displayName] : []))).toEqual([
      undefined,
      'ACME Industries',
      'ACME Industries',
      'ACME Industries',
    ]);
  });

  it('drops the insights (guarded by their version) and every membership of a customer merged away', () => {
    const stored = apply(partition(), plan(partition()));
    const merged = stored.map((i) => (i.sk === keys.profile ? { ...i, status: 'merged' } : i));

    expect(plan(merged)).toEqual({
      kind: 'write',
      facts: null,
      evaluation: null,
      ops: [
        {
          op: 'delete',
          key: { pk: 'CUST#C1', sk: 'INSIGHTS' },
          condition: { kind: 'matches', attributes: { version: 1 } },
        },
        { op: 'delete', key: { pk: 'CUST#C1', sk: 'INSIGHTS#lifecycle' } },
        { op: 'delete', key: { pk: 'CUST#C1', sk: 'INSIGHTS#risk' } },
        { op: 'delete', key: { pk: 'CUST#C1', sk: 'INSIGHTS#profit' } },
      ],
    });
  });

  it('has nothing to do for an inactive or unknown customer without insights', () => {
    expect(plan(partition(undefined, 'merged'))).toEqual({ kind: 'unchanged', facts: null });
    expect(plan([])).toEqual({ kind: 'unchanged', facts: null });
  });

  it('builds the facts from the record items of the partition only', () => {
    const stored = apply(partition(), plan(partition()));

    expect(factsOfPartition('C1', stored).orders.map((o) => o.orderNumber)).toEqual(['SO-1']);
    expect(factsOfPartition('C1', stored).profiles).toHaveLength(1);
  });
});

describe('insights fingerprint', () => {
  it('ignores the evaluation time and changes with what a reader sees', () => {
    const result = plan(partition());
    if (result.kind !== 'write' || !result.evaluation) throw new Error('expected an evaluation');
    const { evaluation } = result;

    const later = { ...evaluation, detail: { ...evaluation.detail, computedAt: '2027-01-01T00:00:00Z' } };
    const otherStage = {
      ...evaluation,
      state: {
        ...evaluation.state,
        lifecycle: { ...evaluation.state.lifecycle, stage: 'shortTerm' as const },
      },
    };

    expect(insightsFingerprint(later)).toBe(insightsFingerprint(evaluation));
    expect(insightsFingerprint(otherStage)).not.toBe(insightsFingerprint(evaluation));
    expect(insightsFingerprint(evaluation)).toMatch(/^[0-9a-f]{32}$/);
  });
});
