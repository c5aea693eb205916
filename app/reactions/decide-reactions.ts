import { type ChangeRecord, isRewrite } from '../../core/events/change-record.ts';
import type { Item } from '../../core/items/record-items.ts';
import type { StoreBackend } from '../../core/ports/store-backend.ts';
import { coverageDueWrites, coverageEndsOf } from '../../core/reactions/coverage-due.ts';
import { findExpiringCoverage } from '../../core/reactions/coverage-expiry.ts';
import { findCrossSellOpportunities } from '../../core/reactions/cross-sell.ts';
import { isKeyCustomer, recordFacts } from '../../core/reactions/customer-facts.ts';
import { judgeNewsworthiness } from '../../core/reactions/history-not-news.ts';
import { lateShipmentNoticeKey } from '../../core/reactions/late-shipment.ts';
import { partIssueRaisedItem } from '../../core/reactions/part-issue-index.ts';
import { decidePaymentFollowUp } from '../../core/reactions/payment-follow-up.ts';
import type { ReactionDecision } from '../../core/reactions/reaction-decision.ts';
import {
  invoiceStateReachedAt,
  orderStateReachedAt,
  shipmentStateReachedAt,
} from '../../core/reactions/state-reached-at.ts';
import { DEFAULT_REACTIONS_CONFIG, type ReactionsConfig } from '../../schemas/config/reactions-config.ts';
import { InstalledProductDataSchema } from '../../schemas/entities/installed-product.ts';
import { InvoiceDataSchema } from '../../schemas/entities/invoice.ts';
import { OrderDataSchema } from '../../schemas/entities/order.ts';
import { type ProductData, ProductDataSchema } from '../../schemas/entities/product.ts';
import { ShipmentDataSchema } from '../../schemas/entities/shipment.ts';
import { locateInstalledProduct } from './current-installed-product.ts';
import { RecordMovingError } from './current-record.ts';
import { keepPartIssuesInStep } from './part-issues-in-step.ts';
import { writeDecisionOnce } from './write-decision.ts';

export interface DecideReactionsDeps {
  readonly backend: StoreBackend;
  readonly now: () => Date;
  readonly config?: ReactionsConfig;
}

export interface DecisionsResult {
  /** Decisions written now (a decision already made for its key is not written again). */
  readonly decided: number;
  readonly failedSequenceNumbers: readonly string[];
}

const BACKFILL = new Set(['initialLoad', 'fullResync', 'replay']);
const DAY_MS = 86_400_000;

/** A written source record of a customer, as the decisions need it. */
interface ChangedRecord {
  readonly entity: string;
  readonly recordKey: string;
  readonly customerId: string;
  readonly data: unknown;
  readonly firstSeen: boolean;
  readonly occurredAt: string;
  readonly backfill?: 'initialLoad' | 'fullResync' | 'replay';
  /** A write that is no news (a merge's move, a version written again): it keeps the indexes in step, decides nothing. */
  readonly rewrite: boolean;
}

const writtenRecord = (change: ChangeRecord): ChangedRecord | undefined => {
  const image = change.newImage;
  if (change.eventName === 'REMOVE' || !image || image.kind !== 'record') return undefined;
  if (image.data === undefined || typeof image.customerId !== 'string') return undefined;
  const backfill =
    typeof image.backfill === 'string' && BACKFILL.has(image.backfill) ? image.backfill : undefined;
  return {
    entity: String(image.entity),
    recordKey: String(image.recordKey),
    customerId: image.customerId,
    data: image.data,
    firstSeen: change.oldImage?.kind !== 'record',
    occurredAt: new Date((change.approximateCreationDateTime ?? Date.now() / 1000) * 1000).toISOString(),
    ...(backfill === undefined ? {} : { backfill: backfill as ChangedRecord['backfill'] & string }),
    rewrite: isRewrite(image),
  };
};

const catalogueOf = async (backend: StoreBackend, partNumbers: Iterable<string>) => {
  const catalogue = new Map<string, ProductData>();
  for (const partNumber of new Set(partNumbers)) {
    for (const fact of recordFacts(await backend.readPartition(`PRODUCT#${partNumber}`))) {
      if (fact.entity !== 'product') continue;
      const product = ProductDataSchema.safeParse(fact.data);
      if (product.success) catalogue.set(product.data.partNumber, product.data);
    }
  }
  return catalogue;
};

/**
 * Decides the reactions a batch of committed changes calls for and records each decision once (a
 * conditional put on its reaction key); the change feed then announces it as a `hub360.reactions`
 * event. A change whose decisions could not be recorded is reported back for the stream to retry;
 * decisions already recorded are skipped on the retry, so nothing fires twice.
 */
export const decideReactions = async (
  changes: readonly ChangeRecord[],
  deps: DecideReactionsDeps,
): Promise<DecisionsResult> => {
  const config = deps.config ?? DEFAULT_REACTIONS_CONFIG;
  const failed: string[] = [];
  let decided = 0;
  for (const change of changes) {
    try {
      await keepCoverageDueInStep(change, deps, config);
      const record = writtenRecord(change);
      const filed = await keepPartIssuesInStep(
        change,
        record && {
          customerId: record.customerId,
          rewrite: record.rewrite,
          live: (stateReachedAt) => isLive(record, stateReachedAt, config),
        },
        deps,
        config,
      );
      if (!record) continue;
      const decisions = [...filed, ...(record.rewrite ? [] : await decideFor(record, deps, config))];
      for (const decision of decisions) {
        if (
          await writeDecisionOnce(deps.backend, decision, {
            decidedAt: record.occurredAt,
            backfill: record.backfill,
            writtenAt: deps.now(),
          })
        )
          decided += 1;
        if (decision.detailType === 'ProductIssueThresholdReached') {
          await deps.backend.commit([
            {
              op: 'put',
              item: partIssueRaisedItem(String(decision.payload.partNumber), deps.now().toISOString()),
            },
          ]);
        }
      }
    } catch (err: unknown) {
      if (change.sequenceNumber) failed.push(change.sequenceNumber);
      else throw err;
    }
  }
  return { decided, failedSequenceNumbers: failed };
};

/**
 * Keeps the due items of an installed product's coverage ends in step with its record, for the daily sweep
 * (app/reactions/sweep-coverage.ts): an end beyond the notice window is filed, an end the record no longer has is
 * withdrawn. Every write of the record counts, a merge's move too (the item names the record, not the customer).
 * A removed copy is compared with the record as its locator places it now, whichever of the two changes comes
 * first: a merge that also changed an end, a unit deleted at the source or an erased customer leave no item behind.
 * A removal read while a restructuring split over several commits is still moving the record fails, for the stream
 * to deliver it again once the locator names the record's new place: taken for gone, it would withdraw the items of
 * a unit that still exists, and the moved copy files none for an end already inside the window.
 */
const keepCoverageDueInStep = async (
  change: ChangeRecord,
  deps: DecideReactionsDeps,
  config: ReactionsConfig,
): Promise<void> => {
  const image = change.newImage ?? change.oldImage;
  if (image?.kind !== 'record' || image.entity !== 'installedProduct') return;
  const recordKey = String(image.recordKey);
  const before =
    change.oldImage?.kind === 'record'
      ? InstalledProductDataSchema.safeParse(change.oldImage.data).data
      : undefined;
  // A removed copy without an end has no item to withdraw; the copy that replaces it files its own.
  if (change.eventName === 'REMOVE' && (before === undefined || coverageEndsOf(before).length === 0)) return;
  const after =
    change.eventName === 'REMOVE'
      ? await currentUnit(deps.backend, recordKey)
      : InstalledProductDataSchema.safeParse(change.newImage?.data).data;
  const writes = coverageDueWrites({ recordKey, before, after, now: deps.now(), config });
  if (writes.length > 0) await deps.backend.writeEach(writes);
};

/** The unit as its record stands now; undefined once it is gone. A record still being moved cannot be compared yet. */
const currentUnit = async (backend: StoreBackend, recordKey: string) => {
  const where = await locateInstalledProduct(backend, recordKey);
  if (where.kind === 'moving') throw new RecordMovingError(recordKey);
  return where.kind === 'at' ? where.unit.product : undefined;
};

const isLive = (record: ChangedRecord, stateReachedAt: string | undefined, config: ReactionsConfig) =>
  judgeNewsworthiness({
    metadata: { occurredAt: record.occurredAt, ...(record.backfill ? { backfill: record.backfill } : {}) },
    // Only a record seen for the first time can report a state reached long ago; an update is news.
    stateReachedAt: record.firstSeen ? stateReachedAt : undefined,
    config,
  }).live;

const decideFor = async (
  record: ChangedRecord,
  deps: DecideReactionsDeps,
  config: ReactionsConfig,
): Promise<ReactionDecision[]> => {
  const now = deps.now();
  switch (record.entity) {
    case 'invoice': {
      const invoice = InvoiceDataSchema.parse(record.data);
      // An invoice first seen already overdue for weeks is history; one seen open and falling due is news.
      if (!isLive(record, invoiceStateReachedAt(invoice), config)) return [];
      const followUp = decidePaymentFollowUp({
        customerId: record.customerId,
        invoiceSourceKey: record.recordKey,
        invoice,
        now,
        alreadyFollowedUp: () => false,
        config,
      });
      return followUp ? [{ detailType: 'PaymentFollowUpDue', payload: followUp }] : [];
    }
    case 'order': {
      const order = OrderDataSchema.parse(record.data);
      if (order.status === 'quote' || order.status === 'cancelled') return [];
      if (!isLive(record, orderStateReachedAt(order), config)) return [];
      const partition = await deps.backend.readPartition(`CUST#${record.customerId}`);
      const owned = ownedParts(partition, record.recordKey);
      const purchased = order.lines.map((line) => line.partNumber);
      const catalogue = await catalogueOf(deps.backend, purchased);
      const offered = [...catalogue.values()].flatMap((p) => [
        ...(p.successorPartNumber ? [p.successorPartNumber] : []),
        ...p.accessoryPartNumbers,
      ]);
      for (const [part, product] of await catalogueOf(deps.backend, offered)) catalogue.set(part, product);
      return findCrossSellOpportunities({
        customerId: record.customerId,
        purchasedPartNumbers: purchased,
        orderNumber: order.orderNumber,
        ownedPartNumbers: owned,
        catalogue,
        alreadyOffered: () => false,
      }).map((payload) => ({ detailType: 'CrossSellOpportunityFound', payload }));
    }
    case 'shipment': {
      const shipment = ShipmentDataSchema.parse(record.data);
      const actual =
        shipment.deliveredAt?.slice(0, 10) ?? shipment.expectedDate ?? now.toISOString().slice(0, 10);
      const delayDays = Math.max(
        0,
        Math.round((Date.parse(actual) - Date.parse(shipment.promisedDate)) / DAY_MS),
      );
      if (delayDays <= 0 || !isLive(record, shipmentStateReachedAt(shipment), config)) return [];
      const partition = await deps.backend.readPartition(`CUST#${record.customerId}`);
      const reactionKey = lateShipmentNoticeKey(shipment, delayDays, isKeyCustomer(partition));
      return reactionKey
        ? [
            {
              detailType: 'LateShipmentNoticeDue',
              payload: { reactionKey, customerId: record.customerId, delayDays, shipment },
            },
          ]
        : [];
    }
    case 'installedProduct': {
      const product = InstalledProductDataSchema.parse(record.data);
      // Coverage ending is about the future, so an initial load or a full resync is news for it as well: a
      // warranty that ends next week must be noticed even when the unit was loaded today. Only coverage
      // ending from today within the notice period is decided, never coverage that already ended (history);
      // a replay re-sends what was decided before, and the decision's key makes it happen once.
      if (record.backfill === 'replay') return [];
      return findExpiringCoverage({
        customerId: record.customerId,
        installedProducts: [product],
        now,
        alreadyNotified: () => false,
        config,
      }).map((payload) => ({ detailType: 'WarrantyExpiring', payload }));
    }
    default:
      return [];
  }
};

/** Parts the customer owns (installed base) or bought before (orders other than this one). */
const ownedParts = (partition: readonly Item[], currentOrderKey: string): Set<string> => {
  const owned = new Set<string>();
  for (const fact of recordFacts(partition)) {
    if (fact.entity === 'installedProduct' && typeof fact.data.partNumber === 'string')
      owned.add(fact.data.partNumber);
    if (fact.entity === 'order' && fact.recordKey !== currentOrderKey && Array.isArray(fact.data.lines)) {
      for (const line of fact.data.lines as { partNumber?: unknown }[])
        if (typeof line.partNumber === 'string') owned.add(line.partNumber);
    }
  }
  return owned;
};
