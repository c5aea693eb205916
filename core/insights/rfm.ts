import type { InsightsConfig } from '../../schemas/config/insights-config.ts';
import type { CustomerFacts } from '../../schemas/entities/customer-facts.ts';
import type { Rfm, RfmBoundaries } from '../../schemas/entities/customer-insights.ts';
import { dayNumber, monthsBefore } from './calendar.ts';
import { cents, purchases, revenueBetween } from './fact-queries.ts';

/** One customer's raw RFM values: days since the last purchase, purchases and revenue in the window. */
export interface RfmInput {
  readonly customerId: string;
  /** Null for a customer who never bought. */
  readonly recencyDays: number | null;
  readonly frequency: number;
  readonly monetary: number;
}

/** The raw RFM values of one customer on `now` (frequency and monetary over `rfmWindowMonths`). */
export const rfmInput = (facts: CustomerFacts, config: InsightsConfig, now: string): RfmInput => {
  const orders = purchases(facts);
  const last = orders[orders.length - 1];
  const today = dayNumber(now);
  const start = monthsBefore(now, config.scorecard.rfmWindowMonths);
  const inWindow = orders.filter((o) => {
    const d = dayNumber(o.orderedAt);
    return d >= start && d <= today;
  });
  return {
    customerId: facts.customerId,
    recencyDays: last ? Math.max(0, today - dayNumber(last.orderedAt)) : null,
    frequency: inWindow.length,
    monetary: cents(revenueBetween(inWindow, start, today)),
  };
};

/**
 * Four cut points splitting `values` into quintiles by nearest rank: the k-th cut is the value at
 * position ceil(k·n/5) of the sorted list (k = 1..4). Equal values always land in the same quintile.
 */
const cutPoints = (values: readonly number[]): number[] => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return [0, 0, 0, 0];
  return [1, 2, 3, 4].map((k) => sorted[Math.ceil((k * sorted.length) / 5) - 1] as number);
};

/**
 * Quintile boundaries over a population snapshot: every customer who has bought at least once. Kept and
 * passed around as a value, so scoring one customer never needs the others (round 2 recomputes it on
 * a schedule from the per-customer RFM inputs).
 */
export const computeRfmBoundaries = (population: readonly RfmInput[], now: string): RfmBoundaries => {
  const buyers = population.filter((p): p is RfmInput & { recencyDays: number } => p.recencyDays !== null);
  return {
    recency: cutPoints(buyers.map((b) => -b.recencyDays)),
    frequency: cutPoints(buyers.map((b) => b.frequency)),
    monetary: cutPoints(buyers.map((b) => b.monetary)),
    population: buyers.length,
    computedAt: now,
  };
};

/** 1 plus the number of cut points the value is above: 1 (bottom fifth) to 5 (top fifth). */
export const quintileOf = (value: number, cuts: readonly number[]): number =>
  1 + cuts.filter((c) => value > c).length;

/** The RFM quintiles of one customer against a population's boundaries; 5 is best in each. */
export const scoreRfm = (input: RfmInput, boundaries: RfmBoundaries): Rfm => {
  // Recency is compared negated (fewer days = higher), so "above a cut" means "more recent".
  const r = input.recencyDays === null ? 1 : quintileOf(-input.recencyDays, boundaries.recency);
  // Stryker disable next-line ConditionalExpression: purchase counts are never negative, so no frequency cut is below a non-buyer's 0
  const f = input.recencyDays === null ? 1 : quintileOf(input.frequency, boundaries.frequency);
  const m = input.recencyDays === null ? 1 : quintileOf(input.monetary, boundaries.monetary);
  return {
    recencyDays: input.recencyDays,
    frequency: input.frequency,
    monetary: input.monetary,
    r,
    f,
    m,
    code: `${r}${f}${m}`,
    boundaries,
  };
};
