import type { InsightsConfig } from '../../schemas/config/insights-config.ts';
import type { CustomerFacts } from '../../schemas/entities/customer-facts.ts';
import {
  LIFECYCLE_HISTORY_LIMIT,
  type LifecycleAssessment,
  type LifecycleState,
  type LifecycleTransition,
} from '../../schemas/entities/customer-insights.ts';
import type { LifecycleStage } from '../../schemas/entities/lifecycle.ts';
import { laterOf } from './calendar.ts';
import { classifyLifecycle } from './classify-lifecycle.ts';
import { BUYING_STAGES } from './lifecycle-phases.ts';

/** The outcome of one lifecycle evaluation: the new state, the current assessment and the move, if any. */
export interface LifecycleEvaluation {
  readonly state: LifecycleState;
  readonly assessment: LifecycleAssessment;
  readonly transition: LifecycleTransition | null;
}

/** Names the move by where the customer came from, where the stage alone would not say it. */
const refineForMove = (from: LifecycleStage | null, next: LifecycleAssessment): LifecycleAssessment => {
  if (from === 'interested' && next.stage === 'prospect') {
    return { ...next, reason: 'interestLapsed', text: `Interest lapsed: ${next.text}` };
  }
  const buyingAgain = next.stage !== 'doubtful' && BUYING_STAGES.has(next.stage);
  if ((from === 'dormant' || from === 'churned') && buyingAgain) {
    return { ...next, reason: 'reactivated', text: `Ordered again after being ${from}. ${next.text}` };
  }
  if (from === 'doubtful' && buyingAgain) {
    return {
      ...next,
      reason: 'doubtResolved',
      text: `No complaint, return or long-overdue invoice any more. ${next.text}`,
    };
  }
  return next;
};

/** A transition's id: the same move at the same moment always has the same id. */
export const lifecycleTransitionId = (
  customerId: string,
  from: LifecycleStage | null,
  to: LifecycleStage,
  at: string,
): string => `${customerId}/lifecycle/${from ?? 'none'}>${to}/${at}`;

/** Appends a transition unless the history already holds it; keeps the newest {@link LIFECYCLE_HISTORY_LIMIT}. */
export const appendTransition = (
  history: readonly LifecycleTransition[],
  transition: LifecycleTransition,
): LifecycleTransition[] => {
  if (history.some((t) => t.transitionId === transition.transitionId)) return [...history];
  return [...history, transition].slice(-LIFECYCLE_HISTORY_LIMIT);
};

/**
 * Evaluates a customer's lifecycle stage on `now` and says whether it moved. Pure and deterministic:
 * the stage is a function of the facts and the clock; the previous state only names the move and
 * keeps time from running backwards (an evaluation with a clock earlier than the last move uses the
 * time of that move, so a late or redelivered change never rolls the stage back). Evaluating again with
 * the result as `previous` changes nothing. Time-driven moves (dormant, churned, interest lapsed,
 * doubt resolved) come from calling this with a later `now` on a schedule.
 */
export const evaluateLifecycle = (
  previous: LifecycleState | undefined,
  facts: CustomerFacts,
  config: InsightsConfig,
  now: string,
): LifecycleEvaluation => {
  const at = previous ? laterOf(now, previous.since) : now;
  const from = previous?.stage ?? null;
  const assessment = refineForMove(from, classifyLifecycle(facts, config, at));
  if (previous && previous.stage === assessment.stage)
    return { state: previous, assessment, transition: null };
  const transition: LifecycleTransition = {
    transitionId: lifecycleTransitionId(facts.customerId, from, assessment.stage, at),
    from,
    to: assessment.stage,
    phase: assessment.phase,
    at,
    reason: assessment.reason,
    text: assessment.text,
    evidence: assessment.evidence,
  };
  return {
    state: {
      stage: assessment.stage,
      since: at,
      history: appendTransition(previous?.history ?? [], transition),
    },
    assessment,
    transition,
  };
};
