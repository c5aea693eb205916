import { versionOrder } from '../identity/version-order.ts';
import { keys } from './keys.ts';
import { type StoredRecord, summarise, timelineInstant } from './stored-record.ts';
import { byPartitionIndex as byPart, timelineIndex as timeline } from './table-attributes.ts';

/** A DynamoDB item as the DocumentClient reads and writes it. */
export type Item = Record<string, unknown> & { pk: string; sk: string };

/** Why an item was written; the feed announces ingests, not the moves of a merge or unmerge. */
export type WriteCause = 'ingest' | 'move';

/** Where a source record lives: its customer's partition, or its part's partition for catalogue data. */
export const recordPartition = (record: StoredRecord, customerId: string | undefined): string => {
  if (record.entity === 'product' || record.entity === 'inventory') {
    if (!record.data) throw new Error(`catalogue record ${record.recordKey} without data has no partition`);
    return keys.product(record.data.partNumber);
  }
  if (customerId === undefined) throw new Error(`customer record ${record.recordKey} needs a customer`);
  return keys.customer(customerId);
};

const demandSortKey = (orderedAt: string, customerId: string, recordKey: string, lineNumber: string) =>
  `${orderedAt}#DEMAND#${customerId}#${recordKey}#${lineNumber}`;

const indexKeys = (record: StoredRecord, customerId: string | undefined): Record<string, string> => {
  const at = timelineInstant(record);
  const out: Record<string, string> = {};
  if (customerId !== undefined && at !== undefined) {
    out[timeline.partitionKey] = keys.timelinePk(customerId);
    out[timeline.sortKey] = `${at}#${record.recordKey}`;
  }
  if (!record.data || customerId === undefined) return out;
  if (record.entity === 'customer' && record.data.segment) {
    out[byPart.partitionKey] = keys.segmentPk(record.data.segment);
    out[byPart.sortKey] = `CUST#${customerId}#${record.recordKey}`;
  }
  if (record.entity === 'installedProduct') {
    out[byPart.partitionKey] = keys.partPk(record.data.partNumber);
    out[byPart.sortKey] = `${record.data.purchasedOn}#INSTALLED#${customerId}#${record.recordKey}`;
  }
  // An order is the demand entry of its first line: one index entry without an item of its own.
  if (record.entity === 'order' && record.data.lines[0]) {
    const line = record.data.lines[0];
    out[byPart.partitionKey] = keys.partPk(line.partNumber);
    out[byPart.sortKey] = demandSortKey(record.data.orderedAt, customerId, record.recordKey, line.lineNumber);
  }
  if (record.entity === 'webActivity' && record.data.interest?.partNumber) {
    out[byPart.partitionKey] = keys.partPk(record.data.interest.partNumber);
    out[byPart.sortKey] = `${record.data.timestamp}#INTEREST#${customerId}#${record.recordKey}`;
  }
  return out;
};

/**
 * The items one source record is stored as: the record itself (in the 360 partition, on the timeline,
 * in the part and segment indexes) and, for an order of several lines, one demand item per line after the
 * first (the order item is the first line's entry in the part index; the lines themselves live in its data).
 * Line items carry the order's version, so a late write of an older version never replaces a newer line.
 */
export const buildRecordItems = (
  record: StoredRecord,
  customerId: string | undefined,
  cause: WriteCause,
): { main: Item; aux: Item[] } => {
  const pk = recordPartition(record, customerId);
  const main: Item = {
    pk,
    sk: keys.record(record.recordKey),
    kind: 'record',
    recordKey: record.recordKey,
    entity: record.entity,
    source: record.source,
    identifiers: record.identifiers,
    linkIds: record.linkIds,
    versionOrd: versionOrder(record.source.version),
    data: record.data,
    summary: summarise(record),
    cause,
    // History, not news: the change feed announces this write with `metadata.backfill`.
    ...(record.backfill !== undefined ? { backfill: record.backfill } : {}),
    ...(customerId !== undefined ? { customerId } : {}),
    ...indexKeys(record, customerId),
  };
  const aux: Item[] = [];
  if (record.entity === 'order' && record.data && customerId !== undefined) {
    const order = record.data;
    for (const line of order.lines.slice(1)) {
      aux.push({
        pk,
        sk: keys.orderLine(record.recordKey, line.lineNumber),
        kind: 'orderLine',
        recordKey: record.recordKey,
        customerId,
        partNumber: line.partNumber,
        quantity: line.quantity,
        orderNumber: order.orderNumber,
        orderStatus: order.status,
        versionOrd: versionOrder(record.source.version),
        cause,
        [byPart.partitionKey]: keys.partPk(line.partNumber),
        [byPart.sortKey]: demandSortKey(order.orderedAt, customerId, record.recordKey, line.lineNumber),
      });
    }
  }
  return { main, aux };
};
