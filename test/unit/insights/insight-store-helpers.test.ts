import { describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { customersToRecompute } from '../../../core/insights/store/changed-customers.ts';
import { displayNameOf } from '../../../core/insights/store/display-name.ts';
import { keyOrderFreeJson } from '../../../core/insights/store/key-order-free-json.ts';
import { sameButForTime } from '../../../core/insights/store/same-but-for-time.ts';
import {
  KEY_CUSTOMER_VALUE,
  KNOWN_SEGMENTS,
  membershipsOf,
  segmentValue,
} from '../../../core/insights/store/segments.ts';
import type { GoldenProfile } from '../../../schemas/entities/customer.ts';
import type { CustomerInsightsDetail } from '../../../schemas/entities/customer-insights.ts';

describe('customersToRecompute', () => {
  const change = (pk: string, newKind?: string, oldKind?: string): ChangeRecord => ({
    eventName: 'MODIFY',
    sequenceNumber: '1',
    keys: { pk, sk: 'X' },
    ...(newKind ? { newImage: { kind: newKind } } : {}),
    ...(oldKind ? { oldImage: { kind: oldKind } } : {}),
  });

  it('names each customer whose records or profile changed once, in first-seen order', () => {
    expect(
      customersToRecompute([
        change('CUST#B', 'record'),
        change('CUST#A', 'profile'),
        change('CUST#B', 'record'),
        change('CUST#C', undefined, 'record'),
      ]),
    ).toEqual(['B', 'A', 'C']);
  });

  it("ignores the insights' own items, other partitions and changes without an image", () => {
    expect(
      customersToRecompute([
        change('CUST#A', 'insights'),
        change('CUST#A', 'segmentMember'),
        change('PART#P-1', 'record'),
        change('CUST#B'),
      ]),
    ).toEqual([]);
  });
});

describe('displayNameOf', () => {
  const value = (v: string) => ({
    value: v,
    provenance: { system: 'crm', stream: 'accounts', key: 'k', version: '1' },
  });
  const profile = (p: GoldenProfile) => p;

  it('prefers the company name, then the name, then first and last name, trimmed', () => {
    expect(displayNameOf(profile({ companyName: value(' ACME '), name: value('Anna') }))).toBe('ACME');
    expect(displayNameOf(profile({ name: value('Anna Berger') }))).toBe('Anna Berger');
    expect(displayNameOf(profile({ firstName: value('Anna'), lastName: value('Berger') }))).toBe(
      'Anna Berger',
    );
    expect(displayNameOf(profile({ lastName: value('Berger') }))).toBe('Berger');
  });

  it('gives no name when the sources name the customer nowhere or only with blanks', () => {
    expect(displayNameOf(profile({}))).toBeUndefined();
    expect(displayNameOf(profile({ companyName: value('   ') }))).toBeUndefined();
  });
});

describe('keyOrderFreeJson and sameButForTime', () => {
  it('writes objects with sorted keys at every depth, arrays in their order', () => {
    expect(keyOrderFreeJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
    expect(keyOrderFreeJson({ b: 1, a: 2 })).toBe(keyOrderFreeJson({ a: 2, b: 1 }));
  });

  it('calls two results the same when only their computation time differs', () => {
    const a = { computedAt: '2026-03-01T00:00:00Z', flagged: true, rank: 2 };

    expect(sameButForTime(a, { rank: 2, flagged: true, computedAt: '2026-03-02T00:00:00Z' })).toBe(true);
    expect(sameButForTime(a, { ...a, rank: 3 })).toBe(false);
    expect(sameButForTime(a, null)).toBe(false);
    expect(sameButForTime(undefined, a)).toBe(false);
  });
});

describe('segments', () => {
  it('names segment values in kebab case', () => {
    expect(segmentValue('firstTime')).toBe('first-time');
    expect(segmentValue('lossMaking')).toBe('loss-making');
    expect(segmentValue('high')).toBe('high');
  });

  it('lists every known segment with a label people read', () => {
    const bySegment = Object.fromEntries(KNOWN_SEGMENTS.map((s) => [s.segment, s]));

    expect(bySegment['lifecycle:first-time']).toEqual({
      kind: 'lifecycle',
      value: 'first-time',
      segment: 'lifecycle:first-time',
      label: 'First time',
    });
    expect(bySegment['risk:elevated']?.label).toBe('Elevated payment risk');
    expect(bySegment['profit:loss-making']?.label).toBe('Profit: loss making');
    expect(bySegment[`key:${KEY_CUSTOMER_VALUE}`]).toEqual({
      kind: 'key',
      value: 'key-customer',
      segment: 'key:key-customer',
      label: 'Key customers',
    });
    expect(KNOWN_SEGMENTS.map((s) => s.kind).at(-1)).toBe('key');
  });

  it('puts a customer in one segment per kind, and in the key segment only when flagged', () => {
    const detail = {
      lifecycle: { stage: 'shortTerm', since: '2026-01-01T00:00:00Z', text: 'Ordered again.' },
      risk: { value: 'low', since: '2026-01-02T00:00:00Z', text: 'Pays on time.' },
      profit: { value: 'lossMaking', since: '2026-01-03T00:00:00Z', text: 'Loss-making.' },
      keyCustomer: {
        flagged: true,
        rank: 3,
        windowStart: '2025-03-01',
        cumulativeShare: 0.456,
        computedAt: '2026-03-01T00:00:00Z',
      },
    } as unknown as CustomerInsightsDetail;

    expect(membershipsOf(detail)).toEqual([
      {
        kind: 'lifecycle',
        segment: 'lifecycle:short-term',
        since: '2026-01-01T00:00:00Z',
        reason: 'Ordered again.',
      },
      { kind: 'risk', segment: 'risk:low', since: '2026-01-02T00:00:00Z', reason: 'Pays on time.' },
      {
        kind: 'profit',
        segment: 'profit:loss-making',
        since: '2026-01-03T00:00:00Z',
        reason: 'Loss-making.',
      },
      {
        kind: 'key',
        segment: 'key:key-customer',
        since: '2026-03-01T00:00:00Z',
        reason: 'Rank 3 by revenue since 2025-03-01; together with those above brings 46% of revenue',
      },
    ]);
    expect(
      membershipsOf({
        ...detail,
        keyCustomer: { ...detail.keyCustomer, flagged: false },
      } as CustomerInsightsDetail),
    ).toHaveLength(3);
    expect(membershipsOf({ ...detail, keyCustomer: null } as CustomerInsightsDetail)).toHaveLength(3);
  });
});
