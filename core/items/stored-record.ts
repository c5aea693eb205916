import type { CanonicalRecord } from '../../schemas/entities/canonical-record.ts';
import type { CanonicalIdentifier } from '../../schemas/entities/identifier.ts';

/** A canonical record as the store keeps it: parsed, with normalised and linking identifiers. */
export type StoredRecord = CanonicalRecord & {
  readonly recordKey: string;
  /** Identifier keys that link the record to its customer. */
  readonly linkIds: readonly string[];
  readonly identifiers: readonly CanonicalIdentifier[];
};

/** The date a record sits at on the customer's timeline; undefined for records that are not events. */
export const timelineInstant = (record: CanonicalRecord): string | undefined => {
  if (!record.data) return undefined;
  switch (record.entity) {
    case 'order':
      return record.data.orderedAt;
    case 'invoice':
      return record.data.issuedOn;
    case 'shipment':
      return record.data.deliveredAt ?? record.data.shippedAt ?? record.data.promisedDate;
    case 'installedProduct':
      return record.data.purchasedOn;
    case 'webActivity':
      return record.data.timestamp;
    case 'interaction':
      return record.data.occurredAt;
    // Stryker disable next-line ConditionalExpression: an emptied default case leaves the switch and the function returns undefined all the same
    default:
      return undefined;
  }
};

/** One line saying what a timeline entry is, for people scrolling a timeline. */
export const summarise = (record: CanonicalRecord): string => {
  if (!record.data) return `${record.entity} ${record.source.key} deleted`;
  switch (record.entity) {
    case 'order':
      return `${record.data.status === 'quote' ? 'Quote' : 'Order'} ${record.data.orderNumber}: ${record.data.netAmount} ${record.data.currency}, ${record.data.lines.length} line(s), ${record.data.status}`;
    case 'invoice':
      return `Invoice ${record.data.invoiceNumber}: ${record.data.amount} ${record.data.currency}, due ${record.data.dueDate}, ${record.data.status}`;
    case 'shipment':
      return `Shipment ${record.data.shipmentNumber}: ${record.data.status}, promised ${record.data.promisedDate}`;
    case 'installedProduct':
      return `Bought ${record.data.partNumber}${record.data.serialNumber ? ` (${record.data.serialNumber})` : ''}`;
    case 'webActivity':
      return `Web ${record.data.type}${record.data.event ? ` ${record.data.event}` : ''}${record.data.interest?.partNumber ? ` ${record.data.interest.partNumber}` : ''}`;
    case 'interaction':
      return `${record.data.kind === 'serviceCase' ? 'Service case' : 'Contact'} via ${record.data.channel}${record.data.agent ? ` with ${record.data.agent}` : ''}${record.data.outcome ? `: ${record.data.outcome}` : ''}`;
    case 'customer':
      return `Customer record ${record.source.system}/${record.source.key}`;
    case 'product':
      return `Part ${record.data.partNumber} rev ${record.data.revision}: ${record.data.lifecycleState}`;
    case 'inventory':
      return `Stock of ${record.data.partNumber} at ${record.data.site}: ${record.data.onHand}`;
  }
};
