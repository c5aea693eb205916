import type { SegmentKind } from '../../../schemas/api/segments.ts';
import type { CustomerInsightsDetail } from '../../../schemas/entities/customer-insights.ts';
import { ProfitStatusSchema, RiskStatusSchema } from '../../../schemas/entities/customer-insights.ts';
import { LifecycleStageSchema } from '../../../schemas/entities/lifecycle.ts';

/** One segment a customer belongs to, with when it joined and why. */
export interface SegmentMembership {
  readonly kind: SegmentKind;
  /** `<kind>:<value>`, the name the API and the segment index use. */
  readonly segment: string;
  readonly since: string;
  readonly reason: string;
}

/** Enum values are camelCase; segment names are kebab-case (`firstTime` → `first-time`). */
export const segmentValue = (value: string): string => value.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const words = (value: string): string => {
  const spaced = value.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};

/** The value of the key-customer segment: only flagged customers are members (a sparse segment). */
export const KEY_CUSTOMER_VALUE = 'key-customer';

/** Every segment the hub knows, in the order `GET /segments` lists them. */
export const KNOWN_SEGMENTS: readonly {
  readonly kind: SegmentKind;
  readonly value: string;
  readonly segment: string;
  readonly label: string;
}[] = [
  ...LifecycleStageSchema.options.map((s) => ({ kind: 'lifecycle' as const, raw: s, label: words(s) })),
  ...RiskStatusSchema.options.map((s) => ({
    kind: 'risk' as const,
    raw: s,
    label: `${words(s)} payment risk`,
  })),
  ...ProfitStatusSchema.options.map((s) => ({
    kind: 'profit' as const,
    raw: s,
    label: `Profit: ${words(s).toLowerCase()}`,
  })),
  { kind: 'key' as const, raw: KEY_CUSTOMER_VALUE, label: 'Key customers' },
].map(({ kind, raw, label }) => {
  const value = segmentValue(raw);
  return { kind, value, segment: `${kind}:${value}`, label };
});

/** The segments one evaluated customer belongs to: one per kind, the key segment only when flagged. */
export const membershipsOf = (detail: CustomerInsightsDetail): SegmentMembership[] => {
  const memberships: SegmentMembership[] = [
    {
      kind: 'lifecycle',
      segment: `lifecycle:${segmentValue(detail.lifecycle.stage)}`,
      since: detail.lifecycle.since,
      reason: detail.lifecycle.text,
    },
    {
      kind: 'risk',
      segment: `risk:${segmentValue(detail.risk.value)}`,
      since: detail.risk.since,
      reason: detail.risk.text,
    },
    {
      kind: 'profit',
      segment: `profit:${segmentValue(detail.profit.value)}`,
      since: detail.profit.since,
      reason: detail.profit.text,
    },
  ];
  const key = detail.keyCustomer;
  if (key?.flagged) {
    memberships.push({
      kind: 'key',
      segment: `key:${KEY_CUSTOMER_VALUE}`,
      since: key.computedAt,
      reason: `Rank ${key.rank ?? '?'} by revenue since ${key.windowStart}; together with those above brings ${Math.round((key.cumulativeShare ?? 0) * 100)}% of revenue`,
    });
  }
  return memberships;
};
