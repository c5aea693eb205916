import { dayNumber } from '../../core/calendar/calendar-day.ts';
import { dailyRotation } from '../../core/calendar/daily-rotation.ts';
import { runPooled } from '../../core/concurrency/run-pooled.ts';
import {
  type CustomerRevenue,
  computeKeyCustomers,
  keyCustomerRevenue,
  keyCustomerStanding,
} from '../../core/insights/key-customers.ts';
import { computeRfmBoundaries, type RfmInput, rfmInput } from '../../core/insights/rfm.ts';
import { buildPopulationItem } from '../../core/insights/store/insight-items.ts';
import { factsOfPartition } from '../../core/insights/store/plan-insights-write.ts';
import { sameButForTime } from '../../core/insights/store/same-but-for-time.ts';
import { KNOWN_SEGMENTS } from '../../core/insights/store/segments.ts';
import { keys } from '../../core/items/keys.ts';
import type { SegmentIndex } from '../../core/ports/segment-index.ts';
import { type InsightsDeps, readRfmBoundaries, recomputeCustomerInsights } from './recompute-insights.ts';

export interface PopulationRunResult {
  readonly customers: number;
  readonly written: number;
  readonly keyCustomers: number;
  readonly rfmPopulation: number;
  /** Customers not started before the run's time ran out (tomorrow's run starts at another customer). */
  readonly notReached: number;
  readonly failed: readonly { readonly customerId: string; readonly error: string }[];
}

export interface PopulationRunDeps extends InsightsDeps {
  readonly segments: SegmentIndex;
  /** Milliseconds the run has left (a Lambda's remaining time); no customer starts with less than a minute left. */
  readonly remainingMs?: () => number;
  /** Customers read or re-evaluated at once. @default CUSTOMERS_AT_ONCE */
  readonly customersAtOnce?: number;
}

/** Customers read or re-evaluated at once: each is its own partition and its own conditional write. */
export const CUSTOMERS_AT_ONCE = 8;

/** Time a customer may take at most: a partition read and a write, retried. */
const CUSTOMER_RESERVE_MS = 60_000;

/** Every customer with insights: the members of all lifecycle segments (each customer is in exactly one). */
export const listEvaluatedCustomers = async (index: SegmentIndex): Promise<string[]> => {
  const ids = new Set<string>();
  for (const { segment } of KNOWN_SEGMENTS.filter((s) => s.kind === 'lifecycle')) {
    let position: Record<string, unknown> | undefined;
    do {
      const page = await index.members(segment, 500, position);
      for (const member of page.members) ids.add(member.customerId);
      position = page.position;
    } while (position);
  }
  return [...ids].sort();
};

/**
 * The scheduled population run: re-evaluates every customer on a new `now` (the time-driven moves:
 * inactivity, overdue invoices), recomputes the key customers (Pareto over rolling revenue) and the RFM
 * boundaries from the whole population, and writes each customer whose insights changed. Customers are
 * found through the segment index (a Query per lifecycle segment), never by scanning the table. Costs two
 * partition Queries per customer (one to gather revenue and RFM inputs, one to write under the version
 * guard) and a write only for customers whose insights changed; customers are read and re-evaluated
 * `customersAtOnce` at a time. The population figures need every customer, so a failed read fails the run; a
 * customer that fails to re-evaluate is reported and the others go on. Once less than a minute is left, no
 * further customer starts: they are counted as not reached, and each day's run starts at another customer.
 */
export const reevaluatePopulation = async (deps: PopulationRunDeps): Promise<PopulationRunResult> => {
  const now = deps.now();
  const atOnce = deps.customersAtOnce ?? CUSTOMERS_AT_ONCE;
  const customerIds = await listEvaluatedCustomers(deps.segments);
  // One slot per customer, so the population figures do not depend on which read finished first.
  const inputs: (readonly [CustomerRevenue, RfmInput] | undefined)[] = customerIds.map(() => undefined);
  await runPooled(
    customerIds.map((customerId, slot) => ({ customerId, slot })),
    atOnce,
    async ({ customerId, slot }) => {
      const items = await deps.backend.readPartition(keys.customer(customerId));
      if (items.find((i) => i.sk === keys.profile)?.status !== 'active') return;
      const facts = factsOfPartition(customerId, items);
      inputs[slot] = [keyCustomerRevenue(facts, deps.config, now), rfmInput(facts, deps.config, now)];
    },
  );
  const active = inputs.filter((input) => input !== undefined);
  const computation = computeKeyCustomers(
    active.map(([revenue]) => revenue),
    deps.config,
    now,
  );
  const previousBoundaries = await readRfmBoundaries(deps.backend);
  const computedBoundaries = computeRfmBoundaries(
    active.map(([, rfm]) => rfm),
    now,
  );
  // The same cut points as last time keep last time's boundaries: a repeated run rewrites no scorecard.
  const rfmBoundaries =
    previousBoundaries && sameButForTime(previousBoundaries, computedBoundaries)
      ? previousBoundaries
      : computedBoundaries;
  await deps.backend.commit([
    {
      op: 'put',
      item: buildPopulationItem({
        kind: 'insightsPopulation',
        computedAt: now,
        rfmBoundaries,
        keyCustomerIds: [...computation.keyCustomerIds],
        totalRevenue: computation.totalRevenue,
        customers: customerIds.length,
      }),
    },
  ]);
  let written = 0;
  let notReached = 0;
  const failed: { customerId: string; error: string }[] = [];
  await runPooled(dailyRotation(customerIds, dayNumber(now)), atOnce, async (customerId) => {
    if (deps.remainingMs && deps.remainingMs() < CUSTOMER_RESERVE_MS) {
      notReached++;
      return;
    }
    try {
      const outcome = await recomputeCustomerInsights({ ...deps, now: () => now }, customerId, {
        rfmBoundaries,
        keyCustomer: keyCustomerStanding(computation, customerId),
      });
      if (outcome.outcome === 'written') written++;
    } catch (err: unknown) {
      failed.push({ customerId, error: err instanceof Error ? err.message : String(err) });
    }
  });
  return {
    customers: customerIds.length,
    written,
    keyCustomers: computation.keyCustomerIds.length,
    rfmPopulation: rfmBoundaries.population,
    notReached,
    failed,
  };
};
