import type { InsightsConfig } from '../../schemas/config/insights-config.ts';
import type { CustomerFacts } from '../../schemas/entities/customer-facts.ts';
import type { KeyCustomerStanding } from '../../schemas/entities/customer-insights.ts';
import { dayNumber, monthsBefore } from './calendar.ts';
import { cents, purchases, revenueBetween } from './fact-queries.ts';

/** One customer's revenue over the key-customer window (the list round 2 keeps per customer). */
export interface CustomerRevenue {
  readonly customerId: string;
  readonly revenue: number;
}

/** One ranked customer of a computation. */
export interface RankedCustomer extends CustomerRevenue {
  readonly rank: number;
  readonly cumulativeShare: number;
  readonly key: boolean;
}

/** The outcome of the Pareto rule over one snapshot of revenues. */
export interface KeyCustomerComputation {
  readonly computedAt: string;
  readonly windowStart: string;
  readonly revenueShare: number;
  readonly totalRevenue: number;
  /** Every customer with revenue above 0, most revenue first. */
  readonly ranking: readonly RankedCustomer[];
  /** The key customers' ids, sorted. */
  readonly keyCustomerIds: readonly string[];
}

/** A customer's revenue in the key-customer window ending on `now`. */
export const keyCustomerRevenue = (
  facts: CustomerFacts,
  config: InsightsConfig,
  now: string,
): CustomerRevenue => ({
  customerId: facts.customerId,
  revenue: cents(
    revenueBetween(purchases(facts), monthsBefore(now, config.keyCustomers.windowMonths), dayNumber(now)),
  ),
});

/**
 * The Pareto rule: rank customers by revenue, most first, and take the smallest prefix whose revenue
 * reaches `revenueShare` of the total. Ties in revenue are broken by customer id (ascending, by code
 * unit), so the result never depends on input order; a customer tied with the last key customer but
 * with a later id is not a key customer. Customers without positive revenue are never key. A customer
 * id listed twice is an error: the caller's revenue list is corrupt.
 */
export const computeKeyCustomers = (
  revenues: readonly CustomerRevenue[],
  config: InsightsConfig,
  now: string,
): KeyCustomerComputation => {
  const seen = new Set<string>();
  for (const r of revenues) {
    if (seen.has(r.customerId)) throw new Error(`customer ${r.customerId} appears twice in the revenue list`);
    if (!Number.isFinite(r.revenue))
      throw new Error(`customer ${r.customerId} has a revenue that is not a number`);
    seen.add(r.customerId);
  }
  const share = config.keyCustomers.revenueShare;
  const positive = revenues
    .filter((r) => r.revenue > 0)
    .sort(
      // Ids are distinct (a repeated one was refused above), so equal revenues always order by id.
      // Stryker disable next-line EqualityOperator: distinct ids are never equal, so `<=` orders them as `<` does
      (a, b) => b.revenue - a.revenue || (a.customerId < b.customerId ? -1 : 1),
    );
  const total = positive.reduce((s, r) => s + r.revenue, 0);
  // Half a cent of tolerance so float sums like 0.1 + 0.2 do not miss a threshold they reach exactly.
  const target = share * total - 0.005;
  let cumulative = 0;
  let reached = share === 0;
  const ranking = positive.map((r, i) => {
    const key = !reached;
    cumulative += r.revenue;
    if (cumulative >= target) reached = true;
    return { ...r, rank: i + 1, cumulativeShare: Math.round((cumulative / total) * 10_000) / 10_000, key };
  });
  return {
    computedAt: now,
    windowStart: new Date(monthsBefore(now, config.keyCustomers.windowMonths) * 86_400_000)
      .toISOString()
      .slice(0, 10),
    revenueShare: share,
    totalRevenue: cents(total),
    ranking,
    keyCustomerIds: ranking
      .filter((r) => r.key)
      .map((r) => r.customerId)
      .sort(),
  };
};

/** Who became a key customer and who stopped being one between two computations (sorted ids). */
export const diffKeyCustomers = (
  previous: readonly string[],
  next: readonly string[],
): { readonly flagged: string[]; readonly unflagged: string[] } => {
  const before = new Set(previous);
  const after = new Set(next);
  return {
    flagged: [...after].filter((id) => !before.has(id)).sort(),
    unflagged: [...before].filter((id) => !after.has(id)).sort(),
  };
};

/** One customer's place in a computation, as the 360 view shows it. */
export const keyCustomerStanding = (
  computation: KeyCustomerComputation,
  customerId: string,
): KeyCustomerStanding => {
  const ranked = computation.ranking.find((r) => r.customerId === customerId);
  return {
    flagged: ranked?.key ?? false,
    rank: ranked?.rank ?? null,
    revenue: ranked?.revenue ?? 0,
    cumulativeShare: ranked?.cumulativeShare ?? null,
    revenueShareRule: computation.revenueShare,
    windowStart: computation.windowStart,
    computedAt: computation.computedAt,
  };
};
