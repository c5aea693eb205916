import {
  DemandSignalRaised,
  DemandSignalSuperseded,
  DemandSignalWithdrawn,
} from '../../schemas/events/demand-events.ts';
import type { HubEvent } from '../../schemas/events/event-envelope.ts';
import { DemandSignalItemSchema } from '../demand/signal-item.ts';
import type { ChangeRecord } from './change-record.ts';
import { correlationIdFor, eventIdFor } from './event-ids.ts';

const definitions = {
  raise: DemandSignalRaised,
  supersede: DemandSignalSuperseded,
  withdraw: DemandSignalWithdrawn,
} as const;

/**
 * A part's demand-signal item changed: announce the decision it stores (raised, superseded, withdrawn).
 * Only a new revision is news; the same revision written again announces nothing. The delivery's
 * idempotency key travels in the detail (`idempotencyKey`), so a redelivered event is recognisable.
 */
export const demandSignalEvents = (
  change: ChangeRecord,
  producer: string,
  fail: (message: string) => Error,
): HubEvent[] => {
  if (change.eventName === 'REMOVE' || !change.newImage) return [];
  const item = DemandSignalItemSchema.safeParse(change.newImage);
  if (!item.success) return failWith(fail, `demand-signal item ${change.keys.pk} is malformed`);
  const previous = DemandSignalItemSchema.safeParse(change.oldImage);
  if (previous.success && previous.data.revision === item.data.revision) return [];
  const definition = definitions[item.data.decision.action];
  const detail = definition.detail.safeParse({
    schemaVersion: definition.schemaVersion,
    metadata: {
      eventId: eventIdFor(change, definition.detailType),
      correlationId: correlationIdFor('demand-signal', item.data.signal.signalKey),
      occurredAt: new Date((change.approximateCreationDateTime ?? 0) * 1000).toISOString(),
      producer,
    },
    ...item.data.decision.detail,
  });
  if (!detail.success) {
    return failWith(
      fail,
      `${definition.detailType} for ${change.keys.pk}: ${detail.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return [
    {
      source: definition.source,
      detailType: definition.detailType,
      detail: detail.data as HubEvent['detail'],
    },
  ];
};

const failWith = (fail: (message: string) => Error, message: string): never => {
  throw fail(message);
};
