import { runPooled } from '../../core/concurrency/run-pooled.ts';
import type { ChangeRecord } from '../../core/events/change-record.ts';
import { customersToRecompute } from '../../core/insights/store/changed-customers.ts';
import { parsePopulationItem, populationKey } from '../../core/insights/store/insight-items.ts';
import { type InsightsPlan, planInsightsWrite } from '../../core/insights/store/plan-insights-write.ts';
import { keys } from '../../core/items/keys.ts';
import { keyString } from '../../core/items/write-ops.ts';
import type { StoreBackend } from '../../core/ports/store-backend.ts';
import type { InsightsConfig } from '../../schemas/config/insights-config.ts';
import type { CustomerFacts } from '../../schemas/entities/customer-facts.ts';
import type { KeyCustomerStanding, RfmBoundaries } from '../../schemas/entities/customer-insights.ts';

/** What the recomputation needs: the store's backend, the insights config and the clock. */
export interface InsightsDeps {
  readonly backend: StoreBackend;
  readonly config: InsightsConfig;
  /** ISO instant the evaluation takes as "now". */
  readonly now: () => string;
  /** Re-reads after a concurrent write won the version race. @default 8 */
  readonly maxAttempts?: number;
}

/** Thrown when a customer's insights kept losing the version race: the stream delivers the change again. */
export class InsightsContentionError extends Error {
  override readonly name = 'InsightsContentionError';
}

export type RecomputeOutcome = {
  readonly customerId: string;
  readonly outcome: 'written' | 'unchanged';
  /** The facts the evaluation used; null when the customer is not active. */
  readonly facts: CustomerFacts | null;
};

/** The RFM boundaries of the latest population run (null before the first one): one GetItem. */
export const readRfmBoundaries = async (backend: StoreBackend): Promise<RfmBoundaries | null> => {
  const found = await backend.getItems([populationKey]);
  const item = found.get(keyString(populationKey));
  return item ? parsePopulationItem(item).rfmBoundaries : null;
};

/**
 * Brings one customer's insights up to date: one Query of its partition, a pure plan, one conditional
 * write when something changed. A concurrent recompute that wrote first makes the version condition fail;
 * then the partition is read again and planned anew, so the last writer always evaluated the latest state.
 */
export const recomputeCustomerInsights = async (
  deps: InsightsDeps,
  customerId: string,
  context: {
    readonly rfmBoundaries: RfmBoundaries | null;
    readonly keyCustomer?: KeyCustomerStanding | null;
  },
): Promise<RecomputeOutcome> => {
  const attempts = deps.maxAttempts ?? 8;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const items = await deps.backend.readPartition(keys.customer(customerId));
    const plan: InsightsPlan = planInsightsWrite({
      customerId,
      items,
      config: deps.config,
      now: deps.now(),
      rfmBoundaries: context.rfmBoundaries,
      ...(context.keyCustomer !== undefined ? { keyCustomer: context.keyCustomer } : {}),
    });
    if (plan.kind === 'unchanged') return { customerId, outcome: 'unchanged', facts: plan.facts };
    const result = await deps.backend.commit(plan.ops);
    if (result.ok) return { customerId, outcome: 'written', facts: plan.facts };
  }
  throw new InsightsContentionError(
    `insights of ${customerId}: a concurrent write won the version race ${attempts} times in a row`,
  );
};

export interface RecomputeBatchResult {
  readonly customers: number;
  readonly written: number;
  readonly unchanged: number;
  /** Customers whose recompute failed; the caller reports their changes back to the stream. */
  readonly failed: readonly { readonly customerId: string; readonly error: string }[];
  /** Sequence numbers of the changes of failed customers: the stream must deliver them again. */
  readonly failedSequenceNumbers: readonly string[];
}

/**
 * The stream subscription's work: every customer a batch of changes touched, once, recomputed. Replaying
 * or redelivering the same changes finds nothing to change (the plans are `unchanged`).
 */
export const recomputeChangedCustomers = async (
  deps: InsightsDeps,
  changes: readonly ChangeRecord[],
): Promise<RecomputeBatchResult> => {
  const customerIds = customersToRecompute(changes);
  if (customerIds.length === 0)
    return { customers: 0, written: 0, unchanged: 0, failed: [], failedSequenceNumbers: [] };
  const rfmBoundaries = await readRfmBoundaries(deps.backend);
  const outcomes: (RecomputeOutcome | { customerId: string; error: string })[] = [];
  // A customer that fails is reported, not thrown, so every other customer of the batch is still recomputed.
  await runPooled(customerIds, 8, async (customerId) => {
    try {
      outcomes.push(await recomputeCustomerInsights(deps, customerId, { rfmBoundaries }));
    } catch (err: unknown) {
      outcomes.push({ customerId, error: err instanceof Error ? err.message : String(err) });
    }
  });
  const failed = outcomes.flatMap((o) => ('error' in o ? [o] : []));
  const failedPartitions = new Set(failed.map((f) => keys.customer(f.customerId)));
  return {
    failedSequenceNumbers: changes
      .filter((c) => failedPartitions.has(c.keys.pk))
      .map((c) => c.sequenceNumber),
    customers: customerIds.length,
    written: outcomes.filter((o) => 'outcome' in o && o.outcome === 'written').length,
    unchanged: outcomes.filter((o) => 'outcome' in o && o.outcome === 'unchanged').length,
    failed,
  };
};
