import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { EventDefinition, HubEvent } from '../../schemas/events/event-envelope.ts';
import {
  ChurnRiskCleared,
  ChurnRiskRaised,
  CustomerStatusChanged,
  KeyCustomerFlagged,
  KeyCustomerUnflagged,
  LifecycleStageChanged,
} from '../../schemas/events/insight-events.ts';
import type { InsightEvaluation } from './evaluate-insights.ts';
import { diffKeyCustomers, type KeyCustomerComputation, keyCustomerStanding } from './key-customers.ts';

/** Thrown when an insight result does not make a valid event: a bug, never to be skipped. */
export class InvalidInsightEventError extends Error {
  override readonly name = 'InvalidInsightEventError';
}

/** Who publishes and what caused it; ids are derived from the insight itself, not from this. */
export interface InsightEventOrigin {
  readonly producer: string;
  /** Shared with the events of the change that caused the evaluation; derived from the insight when absent. */
  readonly correlationId?: string;
}

const hash = (...parts: readonly string[]) =>
  createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);

/**
 * Builds one validated event. The event id hashes the detail type and the insight's own id (transition
 * id, episode id, computation time), so evaluating or publishing the same change again yields the same
 * id and consumers deduplicate it.
 */
const build = <D extends z.ZodType>(
  definition: EventDefinition<D>,
  insightId: string,
  occurredAt: string,
  origin: InsightEventOrigin,
  payload: Record<string, unknown>,
): HubEvent => {
  const detail = {
    schemaVersion: definition.schemaVersion,
    metadata: {
      eventId: hash(definition.detailType, insightId),
      correlationId: origin.correlationId ?? hash('correlation', insightId),
      occurredAt,
      producer: origin.producer,
    },
    ...payload,
  };
  const parsed = definition.detail.safeParse(detail);
  if (!parsed.success) {
    throw new InvalidInsightEventError(
      `${definition.detailType} ${insightId}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return {
    source: definition.source,
    detailType: definition.detailType,
    detail: parsed.data as HubEvent['detail'],
  };
};

/** The events one customer's evaluation announces: stage move, churn warning raised or cleared, status changes. */
export const insightEventsFor = (evaluation: InsightEvaluation, origin: InsightEventOrigin): HubEvent[] => {
  const { customerId } = evaluation;
  const events: HubEvent[] = [];
  const t = evaluation.lifecycleTransition;
  if (t) {
    events.push(
      build(LifecycleStageChanged, t.transitionId, t.at, origin, {
        customerId,
        transitionId: t.transitionId,
        from: t.from,
        to: t.to,
        phase: t.phase,
        changedAt: t.at,
        reason: t.reason,
        text: t.text,
        evidence: t.evidence,
      }),
    );
  }
  const churn = evaluation.churnChange;
  if (churn?.kind === 'raised') {
    const warning = evaluation.detail.churnWarning;
    events.push(
      build(ChurnRiskRaised, churn.episode.episodeId, churn.episode.openedAt, origin, {
        customerId,
        episodeId: churn.episode.episodeId,
        score: churn.episode.scoreAtOpen,
        signals: churn.episode.signalsAtOpen,
        revenueInValueWindow: warning.revenueInValueWindow,
        keyCustomer: warning.keyCustomer,
        raisedAt: churn.episode.openedAt,
      }),
    );
  } else if (churn?.kind === 'cleared') {
    events.push(
      build(
        ChurnRiskCleared,
        churn.episode.episodeId,
        churn.episode.closedAt ?? churn.episode.openedAt,
        origin,
        {
          customerId,
          episode: churn.episode,
        },
      ),
    );
  }
  for (const change of evaluation.statusChanges) {
    events.push(
      build(
        CustomerStatusChanged,
        `${customerId}/${change.dimension}/${change.to}/${change.at}`,
        change.at,
        origin,
        {
          customerId,
          change,
        },
      ),
    );
  }
  return events;
};

/**
 * The events a new key-customer computation announces against the previous key set: one
 * `KeyCustomerFlagged` per newcomer, one `KeyCustomerUnflagged` per customer who dropped out.
 */
export const keyCustomerEventsFor = (
  previousKeyCustomerIds: readonly string[],
  computation: KeyCustomerComputation,
  origin: InsightEventOrigin,
): HubEvent[] => {
  const { flagged, unflagged } = diffKeyCustomers(previousKeyCustomerIds, computation.keyCustomerIds);
  const payload = (customerId: string) => {
    const { flagged: _flag, ...standing } = keyCustomerStanding(computation, customerId);
    return { customerId, ...standing };
  };
  return [
    ...flagged.map((id) =>
      build(
        KeyCustomerFlagged,
        `${id}/key/${computation.computedAt}`,
        computation.computedAt,
        origin,
        payload(id),
      ),
    ),
    ...unflagged.map((id) =>
      build(
        KeyCustomerUnflagged,
        `${id}/key/${computation.computedAt}`,
        computation.computedAt,
        origin,
        payload(id),
      ),
    ),
  ];
};
