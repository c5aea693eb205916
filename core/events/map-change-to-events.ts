import * as z from 'zod';
import { BackfillKindSchema } from '../../schemas/entities/backfill.ts';
import { CustomerDataSchema } from '../../schemas/entities/customer.ts';
import { IdentityConflictSchema, LedgerEntrySchema } from '../../schemas/entities/identity.ts';
import { InstalledProductDataSchema } from '../../schemas/entities/installed-product.ts';
import { InteractionDataSchema } from '../../schemas/entities/interaction.ts';
import { InventoryDataSchema } from '../../schemas/entities/inventory.ts';
import { InvoiceDataSchema } from '../../schemas/entities/invoice.ts';
import { OrderDataSchema } from '../../schemas/entities/order.ts';
import { ProductDataSchema } from '../../schemas/entities/product.ts';
import { ShipmentDataSchema } from '../../schemas/entities/shipment.ts';
import { SourceRefSchema } from '../../schemas/entities/source.ts';
import { WebActivityDataSchema } from '../../schemas/entities/web-activity.ts';
import { storeEvents } from '../../schemas/events/catalogue.ts';
import type { EventDefinition, HubEvent } from '../../schemas/events/event-envelope.ts';
import { type ChangeRecord, isRewrite } from './change-record.ts';
import { describeIssues } from './describe-issues.ts';
import { correlationIdFor, eventIdFor, recordEventIdFor } from './event-ids.ts';
import { insightItemEvents } from './insight-change-events.ts';
import { demandSignalEvents } from './map-demand-signal-change.ts';
import { mapReactionDecisionToEvents } from './map-reaction-to-events.ts';

/** Thrown when a change cannot be turned into a valid event: a bug or corrupt item, never to be skipped silently. */
export class UnpublishableChangeError extends Error {
  override readonly name = 'UnpublishableChangeError';
}

export const PRODUCER = 'stream-publisher';

const occurredAt = (change: ChangeRecord): string =>
  new Date((change.approximateCreationDateTime ?? 0) * 1000).toISOString();

const build = <D extends z.ZodType>(
  definition: EventDefinition<D>,
  change: ChangeRecord,
  correlationId: string,
  payload: Record<string, unknown>,
  eventId = eventIdFor(change, definition.detailType),
): HubEvent => {
  // Stryker disable next-line OptionalChaining: every caller has already returned for a change without a new image
  const backfill = BackfillKindSchema.safeParse(change.newImage?.backfill);
  const detail = {
    schemaVersion: definition.schemaVersion,
    metadata: {
      eventId,
      correlationId,
      occurredAt: occurredAt(change),
      producer: PRODUCER,
      // History is not news: a write of an initial load or full resync says so to every rule.
      ...(backfill.success ? { backfill: backfill.data } : {}),
    },
    ...payload,
  };
  const parsed = definition.detail.safeParse(detail);
  if (!parsed.success) {
    throw new UnpublishableChangeError(
      `${definition.detailType} for ${change.keys.pk}/${change.keys.sk}: ${describeIssues(parsed.error)}`,
    );
  }
  return {
    source: definition.source,
    detailType: definition.detailType,
    detail: parsed.data as HubEvent['detail'],
  };
};

const RecordImageSchema = z.object({
  kind: z.literal('record'),
  entity: z.string(),
  recordKey: z.string(),
  source: SourceRefSchema,
  data: z.unknown(),
  customerId: z.string().optional(),
  // Stryker disable next-line StringLiteral: only isRewrite reads the cause, so the default's spelling is unobservable
  cause: z.enum(['ingest', 'move', 'repeat']).default('ingest'),
  // Stryker disable next-line ObjectLiteral,ArrayDeclaration: static (built when the module loads); an emptied identifier object or a made-up default fails "web activity: anonymous only when every identifier is an anonymous id" when applied by hand
  identifiers: z.array(z.object({ type: z.string(), value: z.string() })).default([]),
});

const changedKeys = (
  next: Record<string, unknown>,
  previous: Record<string, unknown> | undefined,
): string[] => {
  const names = new Set([...Object.keys(next), ...Object.keys(previous ?? {})]);
  return [...names].filter((n) => JSON.stringify(next[n]) !== JSON.stringify(previous?.[n])).sort();
};

const recordEvents = (change: ChangeRecord): HubEvent[] => {
  const image = RecordImageSchema.safeParse(change.newImage);
  if (!image.success)
    throw new UnpublishableChangeError(`record item ${change.keys.pk}/${change.keys.sk} is malformed`);
  const now = image.data;
  if (isRewrite(now)) return [];
  const before = RecordImageSchema.safeParse(change.oldImage);
  const old = before.success ? before.data : undefined;
  // The same version written again (a restructuring re-placing the record) is no news.
  if (
    old &&
    old.source.version === now.source.version &&
    JSON.stringify(old.data) === JSON.stringify(now.data)
  )
    return [];
  const correlationId = correlationIdFor(now.recordKey, now.source.version);
  const emit = <D extends z.ZodType>(definition: EventDefinition<D>, payload: Record<string, unknown>) =>
    build(
      definition,
      change,
      correlationId,
      payload,
      recordEventIdFor(now.recordKey, now.source.version, definition.detailType),
    );
  const customerId = now.customerId;
  const parse = <S extends z.ZodType>(schema: S, value: unknown): z.output<S> => {
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      throw new UnpublishableChangeError(`record ${now.recordKey} holds invalid ${now.entity} data`);
    return parsed.data;
  };
  const needCustomer = () => {
    if (!customerId) throw new UnpublishableChangeError(`record ${now.recordKey} has no customer`);
    return customerId;
  };
  switch (now.entity) {
    case 'customer': {
      const data = parse(CustomerDataSchema, now.data);
      const previous = old ? (parse(CustomerDataSchema, old.data) as Record<string, unknown>) : undefined;
      return [
        emit(storeEvents.CustomerUpdated, {
          customerId: needCustomer(),
          source: now.source,
          changedAttributes: changedKeys(data as Record<string, unknown>, previous),
          data,
        }),
      ];
    }
    case 'order': {
      const order = parse(OrderDataSchema, now.data);
      const previous = old ? parse(OrderDataSchema, old.data) : undefined;
      return [
        emit(storeEvents.OrderRecorded, {
          customerId: needCustomer(),
          source: now.source,
          change: old ? 'updated' : 'created',
          ...(previous ? { previousStatus: previous.status } : {}),
          order,
        }),
      ];
    }
    case 'invoice': {
      const invoice = parse(InvoiceDataSchema, now.data);
      const previous = old ? parse(InvoiceDataSchema, old.data) : undefined;
      if (invoice.status !== 'overdue' || previous?.status === 'overdue') return [];
      return [
        emit(storeEvents.InvoiceOverdue, {
          customerId: needCustomer(),
          source: now.source,
          invoice,
        }),
      ];
    }
    case 'shipment': {
      const shipment = parse(ShipmentDataSchema, now.data);
      const previous = old ? parse(ShipmentDataSchema, old.data) : undefined;
      const actual = shipment.deliveredAt?.slice(0, 10) ?? shipment.expectedDate ?? shipment.promisedDate;
      const delayDays = Math.max(
        0,
        Math.round((Date.parse(actual) - Date.parse(shipment.promisedDate)) / 86_400_000),
      );
      return [
        emit(storeEvents.ShipmentUpdated, {
          customerId: needCustomer(),
          source: now.source,
          ...(previous ? { previousStatus: previous.status } : {}),
          delayDays,
          shipment,
        }),
      ];
    }
    case 'installedProduct':
      return [
        emit(storeEvents.InstalledProductRecorded, {
          customerId: needCustomer(),
          source: now.source,
          installedProduct: parse(InstalledProductDataSchema, now.data),
        }),
      ];
    case 'interaction':
      return [
        emit(storeEvents.InteractionRecorded, {
          customerId: needCustomer(),
          source: now.source,
          interaction: parse(InteractionDataSchema, now.data),
        }),
      ];
    case 'webActivity': {
      const activity = parse(WebActivityDataSchema, now.data);
      if (!activity.interest) return [];
      return [
        emit(storeEvents.WebInterestObserved, {
          customerId: needCustomer(),
          anonymous: now.identifiers.every((id) => id.type === 'anonymousId'),
          source: now.source,
          interest: activity.interest,
          observedAt: activity.timestamp,
        }),
      ];
    }
    case 'product': {
      const product = parse(ProductDataSchema, now.data);
      const previous = old ? parse(ProductDataSchema, old.data) : undefined;
      return [
        emit(storeEvents.ProductChanged, {
          source: now.source,
          changedFields: changedKeys(
            product as Record<string, unknown>,
            previous as Record<string, unknown> | undefined,
          ),
          ...(previous ? { previousLifecycleState: previous.lifecycleState } : {}),
          product,
        }),
      ];
    }
    case 'inventory': {
      const inventory = parse(InventoryDataSchema, now.data);
      const previous = old ? parse(InventoryDataSchema, old.data) : undefined;
      return [
        emit(storeEvents.InventoryChanged, {
          source: now.source,
          ...(previous
            ? {
                previous: {
                  onHand: previous.onHand,
                  inbound: previous.inbound,
                  allocated: previous.allocated,
                  leadTimeDays: previous.leadTimeDays,
                },
              }
            : {}),
          inventory,
          available: inventory.onHand + inventory.inbound - inventory.allocated,
        }),
      ];
    }
    default:
      return [];
  }
};

/**
 * Turns one committed change of the table into the domain events it means (often none: bookkeeping
 * items, moves during a merge and deletions announce nothing; an erasure has its own marker item).
 */
export const mapChangeToEvents = (change: ChangeRecord): HubEvent[] => {
  if (change.eventName === 'REMOVE' || !change.newImage) return [];
  const image = change.newImage;
  switch (image.kind) {
    case 'insights':
      return insightItemEvents(change, PRODUCER);
    case 'record':
      return recordEvents(change);
    case 'profile':
      if (change.eventName !== 'INSERT' || image.status !== 'active') return [];
      return [
        build(storeEvents.CustomerCreated, change, correlationIdFor(String(image.seedRecord)), {
          customerId: image.customerId,
          seedRecord: image.seedRecord,
        }),
      ];
    case 'ledger': {
      if (change.eventName !== 'INSERT' || image.cause === 'move' || image.primary === false) return [];
      const entry = LedgerEntrySchema.safeParse(image.entry);
      if (!entry.success) throw new UnpublishableChangeError(`ledger item ${change.keys.sk} is malformed`);
      const definition =
        entry.data.kind === 'merge' ? storeEvents.CustomersMerged : storeEvents.CustomerUnmerged;
      return [build(definition, change, correlationIdFor(entry.data.entryId), { entry: entry.data })];
    }
    case 'conflict': {
      if (change.eventName !== 'INSERT' || image.primary !== true) return [];
      const conflict = IdentityConflictSchema.safeParse({
        ...(image.conflict as object),
        detectedAt: image.detectedAt,
      });
      if (!conflict.success)
        throw new UnpublishableChangeError(`conflict item ${change.keys.sk} is malformed`);
      return [
        build(storeEvents.IdentityConflictDetected, change, correlationIdFor(conflict.data.conflictId), {
          conflict: conflict.data,
        }),
      ];
    }
    case 'demandSignal':
      return demandSignalEvents(change, PRODUCER, (message) => new UnpublishableChangeError(message));
    case 'reaction':
      return mapReactionDecisionToEvents(change);
    case 'erasure':
      if (change.eventName !== 'INSERT') return [];
      return [
        build(storeEvents.CustomerErased, change, correlationIdFor('erasure', String(image.customerId)), {
          customerId: image.customerId,
          erasedAt: image.erasedAt,
          requestedBy: image.requestedBy,
          identifiersSuppressed: image.identifiersSuppressed,
          mergedCustomerIds: image.mergedCustomerIds ?? [],
        }),
      ];
    default:
      return [];
  }
};
