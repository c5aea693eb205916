import type { InsightsConfig } from '../../schemas/config/insights-config.ts';
import type { CustomerFacts } from '../../schemas/entities/customer-facts.ts';
import type { RfmBoundaries, Score, Scorecard } from '../../schemas/entities/customer-insights.ts';
import { dayNumber, monthsBefore } from './calendar.ts';
import { cents, openQuotesSince, purchases, revenueBetween } from './fact-queries.ts';
import { rfmInput, scoreRfm } from './rfm.ts';

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const DAYS_PER_MONTH = 365 / 12;

/**
 * The profile attributes profiling looks for. Name counts once whether the source gives `name` or
 * `companyName`.
 */
export const PROFILING_ATTRIBUTES = [
  'name',
  'email',
  'phone',
  'address',
  'vatId',
  'segment',
  'accountManager',
  'paymentTermsDays',
] as const;

/** Profiling: how well the hub knows the customer, the share of the key profile attributes known. */
export const profilingScore = (facts: CustomerFacts): Score => {
  const known = new Set(
    facts.profiles.flatMap((p) => p.attributes.map((a) => (a === 'companyName' ? 'name' : a))),
  );
  const present = PROFILING_ATTRIBUTES.filter((a) => known.has(a));
  const missing = PROFILING_ATTRIBUTES.filter((a) => !known.has(a));
  return {
    score: Math.round((100 * present.length) / PROFILING_ATTRIBUTES.length),
    text: `${present.length} of ${PROFILING_ATTRIBUTES.length} key profile attributes known${missing.length > 0 ? `; missing ${missing.join(', ')}` : ''}.`,
    inputs: { known: present.length, of: PROFILING_ATTRIBUTES.length, missing: missing.join(',') },
  };
};

/** Persistency (loyalty): half for tenure since the first purchase, half for purchases in the window. */
export const persistencyScore = (facts: CustomerFacts, config: InsightsConfig, now: string): Score => {
  const c = config.scorecard;
  const orders = purchases(facts);
  const first = orders[0];
  const today = dayNumber(now);
  const start = monthsBefore(now, c.windowMonths);
  const tenureDays = first ? Math.max(0, today - dayNumber(first.orderedAt)) : 0;
  const recentOrders = orders.filter(
    (o) => dayNumber(o.orderedAt) >= start && dayNumber(o.orderedAt) <= today,
  ).length;
  const tenurePart = 50 * clamp01(tenureDays / (c.persistencyFullTenureMonths * DAYS_PER_MONTH));
  const frequencyPart = 50 * clamp01(recentOrders / c.persistencyFullOrders);
  return {
    score: Math.round(tenurePart + frequencyPart),
    text: `Customer for ${tenureDays} days (full at ${c.persistencyFullTenureMonths} months) with ${recentOrders} orders in the last ${c.windowMonths} months (full at ${c.persistencyFullOrders}).`,
    inputs: {
      tenureDays,
      ordersInWindow: recentOrders,
      tenurePoints: cents(tenurePart),
      frequencyPoints: cents(frequencyPart),
    },
  };
};

/** Profitability: gross margin over the window, scaled so `profitabilityFullMargin` scores 100. */
export const profitabilityScore = (facts: CustomerFacts, config: InsightsConfig, now: string): Score => {
  const c = config.scorecard;
  const start = monthsBefore(now, c.windowMonths);
  const today = dayNumber(now);
  const costed = purchases(facts).filter(
    (o): o is typeof o & { costAmount: number } =>
      o.costAmount !== undefined && dayNumber(o.orderedAt) >= start && dayNumber(o.orderedAt) <= today,
  );
  const revenue = cents(costed.reduce((s, o) => s + o.netAmount, 0));
  const cost = cents(costed.reduce((s, o) => s + o.costAmount, 0));
  if (revenue <= 0) {
    return {
      score: null,
      text: `No order with revenue and cost in the last ${c.windowMonths} months.`,
      inputs: { revenue, cost, margin: null },
    };
  }
  const margin = (revenue - cost) / revenue;
  return {
    score: Math.round(100 * clamp01(margin / c.profitabilityFullMargin)),
    text: `${cents(margin * 100)}% gross margin on ${costed.length} orders (100 at ${c.profitabilityFullMargin * 100}%).`,
    inputs: { revenue, cost, margin: Math.round(margin * 10_000) / 10_000 },
  };
};

/**
 * Performance: how revenue develops, the share of the last two windows' revenue that falls in the
 * latest one. 50 = flat, above 50 growing, 0 = stopped buying, 100 = all revenue is new.
 */
export const performanceScore = (facts: CustomerFacts, config: InsightsConfig, now: string): Score => {
  const c = config.scorecard;
  const orders = purchases(facts);
  const today = dayNumber(now);
  const start = monthsBefore(now, c.windowMonths);
  const previousStart = monthsBefore(now, 2 * c.windowMonths);
  const current = cents(revenueBetween(orders, start, today));
  const previous = cents(revenueBetween(orders, previousStart, start - 1));
  if (current + previous <= 0) {
    return {
      score: null,
      text: `No revenue in the last ${2 * c.windowMonths} months.`,
      inputs: { current, previous },
    };
  }
  return {
    score: Math.round(100 * clamp01(current / (current + previous))),
    text: `Revenue ${current} in the last ${c.windowMonths} months against ${previous} in the ${c.windowMonths} months before.`,
    inputs: { current, previous },
  };
};

/** Prospecting: the upside the customer signals, half for open quotations, half for web interest. */
export const prospectingScore = (facts: CustomerFacts, config: InsightsConfig, now: string): Score => {
  const c = config.scorecard;
  const start = monthsBefore(now, c.windowMonths);
  const today = dayNumber(now);
  const quotes = openQuotesSince(facts, start).filter((q) => dayNumber(q.orderedAt) <= today);
  const interest = facts.webInterest.filter(
    (w) => dayNumber(w.at) >= start && dayNumber(w.at) <= today,
  ).length;
  const quotePart = 50 * clamp01(quotes.length / c.prospectingFullQuotes);
  const interestPart = 50 * clamp01(interest / c.prospectingFullInterestEvents);
  return {
    score: Math.round(quotePart + interestPart),
    text: `${quotes.length} open quotations (full at ${c.prospectingFullQuotes}) and ${interest} web interest events (full at ${c.prospectingFullInterestEvents}) in the last ${c.windowMonths} months.`,
    inputs: {
      openQuotes: quotes.length,
      openQuoteValue: cents(quotes.reduce((s, q) => s + q.netAmount, 0)),
      webInterestEvents: interest,
    },
  };
};

/** Product: 70 for the breadth of parts owned, 30 for the share still under warranty or contract. */
export const productScore = (facts: CustomerFacts, config: InsightsConfig, now: string): Score => {
  const owned = facts.ownedProducts;
  if (owned.length === 0)
    return {
      score: null,
      text: 'No installed products known.',
      inputs: { distinctParts: 0, covered: 0, owned: 0 },
    };
  const today = dayNumber(now);
  const distinct = new Set(owned.map((p) => p.partNumber)).size;
  const covered = owned.filter(
    (p) =>
      (p.warrantyEnd && dayNumber(p.warrantyEnd) >= today) ||
      (p.contractEnd && dayNumber(p.contractEnd) >= today),
  ).length;
  const breadth = 70 * clamp01(distinct / config.scorecard.productFullParts);
  const coverage = (30 * covered) / owned.length;
  return {
    score: Math.round(breadth + coverage),
    text: `Owns ${distinct} different parts (full at ${config.scorecard.productFullParts}); ${covered} of ${owned.length} installed products under warranty or service contract.`,
    inputs: { distinctParts: distinct, covered, owned: owned.length },
  };
};

/**
 * Promotion: how the customer responds to outreach, the share of outbound contacts in the window that
 * an order followed within `promotionResponseDays`.
 */
export const promotionScore = (facts: CustomerFacts, config: InsightsConfig, now: string): Score => {
  const c = config.scorecard;
  const start = monthsBefore(now, c.windowMonths);
  const today = dayNumber(now);
  const orderDays = purchases(facts).map((o) => dayNumber(o.orderedAt));
  const outreach = facts.contacts.filter(
    (x) => x.direction === 'outbound' && dayNumber(x.occurredAt) >= start && dayNumber(x.occurredAt) <= today,
  );
  if (outreach.length === 0) {
    return {
      score: null,
      text: `No outbound contact in the last ${c.windowMonths} months.`,
      inputs: { outbound: 0, responded: 0 },
    };
  }
  const responded = outreach.filter((x) => {
    const d = dayNumber(x.occurredAt);
    return orderDays.some((o) => o >= d && o <= d + c.promotionResponseDays);
  }).length;
  return {
    score: Math.round((100 * responded) / outreach.length),
    text: `${responded} of ${outreach.length} outbound contacts were followed by an order within ${c.promotionResponseDays} days.`,
    inputs: { outbound: outreach.length, responded },
  };
};

/** The 7P scorecard with RFM underneath (RFM null until a population snapshot gives boundaries). */
export const computeScorecard = (
  facts: CustomerFacts,
  config: InsightsConfig,
  now: string,
  rfmBoundaries: RfmBoundaries | null,
): Scorecard => ({
  profiling: profilingScore(facts),
  persistency: persistencyScore(facts, config, now),
  profitability: profitabilityScore(facts, config, now),
  performance: performanceScore(facts, config, now),
  prospecting: prospectingScore(facts, config, now),
  product: productScore(facts, config, now),
  promotion: promotionScore(facts, config, now),
  rfm: rfmBoundaries ? scoreRfm(rfmInput(facts, config, now), rfmBoundaries) : null,
});
