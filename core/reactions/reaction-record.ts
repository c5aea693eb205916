import type { ReactionRecord, ReactionSystem } from '../../schemas/api/reactions.ts';

/** What the ledger keeps of a reaction beyond the public record: what its outcome is checked against. */
export interface ReactionSubject {
  /** The invoice's source record key (payment follow-up: was it paid?). */
  readonly invoiceRecordKey?: string;
}

/** The movement a reaction aimed for (an order, a payment, stock arriving), seen within its window. */
export interface ReactionMovement {
  readonly at: string;
  readonly evidence: string;
}

export interface LedgerEntry {
  readonly record: ReactionRecord;
  readonly subject: ReactionSubject;
  /** Stamped once the movement was seen (the closed loop decides outcomes as changes arrive). */
  readonly movement?: ReactionMovement;
}

/** An event as a rule target receives it (the EventBridge envelope). */
export interface DeliveredEvent {
  readonly id?: string;
  readonly time?: string;
  readonly 'detail-type': string;
  readonly detail: Record<string, unknown> & {
    readonly metadata: { readonly eventId: string; readonly occurredAt: string };
  };
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** What the receiving system got, and one line about it a business user can read. */
const describe = (
  detailType: string,
  d: Record<string, unknown>,
): Omit<ReactionRecord, 'reactionId' | 'rule' | 'system' | 'at' | 'eventId' | 'detailType' | 'delivery'> & {
  subject: ReactionSubject;
} => {
  const customerId = str(d.customerId);
  const who = customerId ? { customerId } : {};
  switch (detailType) {
    case 'PaymentFollowUpDue': {
      const invoice = (d.invoice ?? {}) as Record<string, unknown>;
      const key = str(d.reactionKey) ?? '';
      return {
        ...who,
        kind: 'paymentFollowUp',
        summary: `Follow up invoice ${str(invoice.invoiceNumber)}: ${num(d.openAmount)} ${str(invoice.currency)} open, ${num(d.daysOverdue)} days overdue`,
        // Stryker disable next-line Regex: equivalent, every follow-up's reaction key starts with the prefix (paymentFollowUpKey), and a non-global replace takes that first match
        subject: { invoiceRecordKey: key.replace(/^payment-follow-up:/, '') },
      };
    }
    case 'CrossSellOpportunityFound':
      return {
        ...who,
        kind: 'crossSellLead',
        partNumber: String(d.offeredPartNumber),
        summary: `Offer ${str(d.offeredPartNumber)} (${str(d.relation)} of ${str(d.purchasedPartNumber)})`,
        subject: {},
      };
    case 'ProductIssueThresholdReached':
      return {
        kind: 'changeRequest',
        partNumber: String(d.partNumber),
        summary: `Change request for ${str(d.partNumber)}: ${num(d.complaints)} complaints, ${num(d.returns)} returns`,
        subject: {},
      };
    case 'WarrantyExpiring':
      return {
        ...who,
        kind: 'coverageNotice',
        partNumber: String(d.partNumber),
        summary: `${str(d.coverage) === 'contract' ? 'Contract' : 'Warranty'} for ${str(d.partNumber)} ends ${str(d.endsOn)} (${num(d.daysLeft)} days)`,
        subject: {},
      };
    case 'LateShipmentNoticeDue': {
      const shipment = (d.shipment ?? {}) as Record<string, unknown>;
      return {
        ...who,
        kind: 'lateShipmentNotice',
        summary: `Shipment ${str(shipment.shipmentNumber)} ${num(d.delayDays)} days late (promised ${str(shipment.promisedDate)})`,
        subject: {},
      };
    }
    case 'RetentionTaskDue':
      return {
        ...who,
        kind: 'retentionTask',
        summary: `Call to retain the customer (${str(d.reason)})`,
        subject: {},
      };
    case 'DemandSignalRaised':
    case 'DemandSignalSuperseded':
      return {
        kind: 'demandSignal',
        partNumber: String(d.partNumber),
        summary: `Planned order ${num(d.quantityShort)} × ${str(d.partNumber)} by ${str(d.needBy)}`,
        subject: {},
      };
    case 'DemandSignalWithdrawn':
      return {
        kind: 'demandWithdrawal',
        partNumber: String(d.partNumber),
        summary: `Planned order for ${str(d.partNumber)} withdrawn`,
        subject: {},
      };
    default:
      return { ...who, kind: detailType, summary: detailType, subject: {} };
  }
};

/** The ledger entry's id: the event id joined with the rule, the same for every redelivery of the event. */
export const reactionIdOf = (eventId: string, rule: string): string => `${eventId}.${rule}`;

/**
 * The ledger entry of a reaction a rule handed to its target, still `sending`: how the delivery ended is
 * reported separately (a delivery receipt). Its id joins the event id and the rule, so a redelivered event
 * records the same entry again rather than a second one.
 */
export const reactionEntryFor = (
  rule: string,
  system: ReactionSystem,
  event: DeliveredEvent,
): LedgerEntry => {
  const { subject, ...described } = describe(event['detail-type'], event.detail);
  return {
    record: {
      reactionId: reactionIdOf(event.detail.metadata.eventId, rule),
      rule,
      system,
      at: event.detail.metadata.occurredAt,
      eventId: event.detail.metadata.eventId,
      detailType: event['detail-type'],
      ...described,
      delivery: { status: 'sending' },
    },
    subject,
  };
};
