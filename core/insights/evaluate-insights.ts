import type { InsightsConfig } from '../../schemas/config/insights-config.ts';
import type { CustomerFacts } from '../../schemas/entities/customer-facts.ts';
import type {
  CustomerInsightsDetail,
  CustomerInsightsState,
  KeyCustomerStanding,
  LifecycleTransition,
  RfmBoundaries,
  StatusTransition,
} from '../../schemas/entities/customer-insights.ts';
import { type ChurnWarningChange, evaluateChurnWarning } from './churn-warning.ts';
import { evaluateStatus } from './customer-status.ts';
import { evaluateLifecycle } from './evaluate-lifecycle.ts';
import { computeScorecard } from './scorecard.ts';

/** What one customer's evaluation needs from outside its own facts: population-wide results. */
export interface InsightContext {
  /** This customer's place in the latest key-customer computation; null before the first one. */
  readonly keyCustomer: KeyCustomerStanding | null;
  /** RFM quintile boundaries of the latest population snapshot; null before the first one. */
  readonly rfmBoundaries: RfmBoundaries | null;
}

/** Everything one evaluation produced: state to keep, the 360 view's detail and what changed. */
export interface InsightEvaluation {
  readonly customerId: string;
  readonly state: CustomerInsightsState;
  readonly detail: CustomerInsightsDetail;
  readonly lifecycleTransition: LifecycleTransition | null;
  readonly churnChange: ChurnWarningChange | null;
  readonly statusChanges: readonly StatusTransition[];
}

/**
 * Evaluates every insight of one customer on `now`: lifecycle, churn warning (which uses the stage
 * just evaluated), payment risk and profit, the 7P scorecard with RFM. Pure: the same previous state,
 * facts, config, clock and context give the same result, and feeding the result back as `previous`
 * reports no change. Call it after a change to the customer's facts, and on a schedule (a later `now`)
 * for the time-driven moves.
 */
export const evaluateInsights = (
  previous: CustomerInsightsState | undefined,
  facts: CustomerFacts,
  config: InsightsConfig,
  now: string,
  context: InsightContext,
): InsightEvaluation => {
  const lifecycle = evaluateLifecycle(previous?.lifecycle, facts, config, now);
  const churn = evaluateChurnWarning(previous?.churn, facts, config, now, {
    stage: lifecycle.state.stage,
    keyCustomer: context.keyCustomer?.flagged ?? false,
  });
  const status = evaluateStatus(previous?.status, facts, config, now);
  const state: CustomerInsightsState = {
    lifecycle: lifecycle.state,
    churn: churn.state,
    status: status.state,
  };
  const computedAt = [lifecycle.state.since, status.state.risk.since, status.state.profit.since].reduce(
    // Stryker disable next-line EqualityOperator: on equal instants either text names the same moment
    (a, b) => (Date.parse(a) >= Date.parse(b) ? a : b),
    now,
  );
  return {
    customerId: facts.customerId,
    state,
    detail: {
      computedAt,
      lifecycle: { ...lifecycle.assessment, since: lifecycle.state.since, history: lifecycle.state.history },
      churnWarning: { ...churn.assessment, episode: churn.state.open },
      risk: { ...status.risk, since: status.state.risk.since },
      profit: { ...status.profit, since: status.state.profit.since },
      scorecard: computeScorecard(facts, config, computedAt, context.rfmBoundaries),
      keyCustomer: context.keyCustomer,
    },
    lifecycleTransition: lifecycle.transition,
    churnChange: churn.change,
    statusChanges: status.changes,
  };
};
