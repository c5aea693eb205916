import type { StoreBackend } from '../../core/ports/store-backend.ts';
import {
  type DecisionTimes,
  type ReactionDecision,
  reactionAnnouncementItem,
  reactionDecisionItem,
} from '../../core/reactions/reaction-decision.ts';

/**
 * Records a decision unless one with the same reaction key exists: true when written now, false when
 * it was decided before (a redelivered change, a replay, a second look at the same facts). The marker and
 * the announcement go in one commit, so an announced reaction is always marked decided.
 */
export const writeDecisionOnce = async (
  backend: StoreBackend,
  decision: ReactionDecision,
  times: DecisionTimes,
): Promise<boolean> => {
  const result = await backend.commit([
    { op: 'put', item: reactionDecisionItem(decision, times.decidedAt), condition: { kind: 'absent' } },
    { op: 'put', item: reactionAnnouncementItem(decision, times) },
  ]);
  return result.ok;
};
