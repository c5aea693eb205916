import {
  computeKeyCustomers,
  keyCustomerRevenue,
  keyCustomerStanding,
} from '../../core/insights/key-customers.ts';
import { computeRfmBoundaries, rfmInput } from '../../core/insights/rfm.ts';
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
  readonly failed: readonly { readonly customerId: string; readonly error: string }[];
}

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
 * guard) and a write only for customers whose insights changed.
 */
export const reevaluatePopulation = async (
  deps: InsightsDeps & { readonly segments: SegmentIndex },
): Promise<PopulationRunResult> => {
  const now = deps.now();
  const customerIds = await listEvaluatedCustomers(deps.segments);
  const revenues = [];
  const rfm = [];
  for (const customerId of customerIds) {
    const items = await deps.backend.readPartition(keys.customer(customerId));
    if (items.find((i) => i.sk === keys.profile)?.status !== 'active') continue;
    const facts = factsOfPartition(customerId, items);
    revenues.push(keyCustomerRevenue(facts, deps.config, now));
    rfm.push(rfmInput(facts, deps.config, now));
  }
  const computation = computeKeyCustomers(revenues, deps.config, now);
  const previousBoundaries = await readRfmBoundaries(deps.backend);
  const computedBoundaries = computeRfmBoundaries(rfm, now);
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
  const failed: { customerId: string; error: string }[] = [];
  for (const customerId of customerIds) {
    try {
      const outcome = await recomputeCustomerInsights({ ...deps, now: () => now }, customerId, {
        rfmBoundaries,
        keyCustomer: keyCustomerStanding(computation, customerId),
      });
      if (outcome.outcome === 'written') written++;
    } catch (err: unknown) {
      failed.push({ customerId, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return {
    customers: customerIds.length,
    written,
    keyCustomers: computation.keyCustomerIds.length,
    rfmPopulation: rfmBoundaries.population,
    failed,
  };
};
