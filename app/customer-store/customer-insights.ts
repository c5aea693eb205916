import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, pageLimit } from '../../adapters/dynamodb/page-cursor.ts';
import { buildGsi1Query } from '../../adapters/dynamodb/queries.ts';
import { indexedOrderLine } from '../../core/items/demand-lines.ts';
import { keys } from '../../core/items/keys.ts';
import { byPartitionIndex, timelineIndex } from '../../core/items/table-attributes.ts';
import type { CustomerStore, DemandEntry, PageOptions } from '../../core/ports/customer-store.ts';
import { type StatusChange, StatusChangeSchema } from '../../schemas/entities/lifecycle.ts';
import { pageOf } from './page-of.ts';
import type { StoreContext } from './store-context.ts';

export type CustomerInsights = Pick<
  CustomerStore,
  'getSegmentMembers' | 'getProductDemand' | 'appendStatusChange'
>;

/** Segments, part demand and derived status changes (lifecycle stage, risk, profit). */
export const createCustomerInsights = (ctx: StoreContext): CustomerInsights => {
  const { reader, client, tableName } = ctx;
  return {
    getSegmentMembers: async (segment, options: PageOptions = {}) => {
      const page = await pageOf(
        reader,
        buildGsi1Query(
          tableName,
          keys.segmentPk(segment),
          pageLimit(options.limit),
          decodeCursor(options.cursor),
          false,
        ),
        (item) => (typeof item.customerId === 'string' ? { customerId: item.customerId } : undefined),
      );
      const unique = [...new Map(page.items.map((m) => [m.customerId, m])).values()];
      return page.cursor ? { items: unique, cursor: page.cursor } : { items: unique };
    },

    getProductDemand: async (partNumber, options: PageOptions = {}) =>
      pageOf<DemandEntry>(
        reader,
        buildGsi1Query(
          tableName,
          keys.partPk(partNumber),
          pageLimit(options.limit),
          decodeCursor(options.cursor),
          true,
        ),
        (item): DemandEntry | undefined => {
          const at = String(item[byPartitionIndex.sortKey]).split('#')[0] ?? '';
          const customerId = String(item.customerId);
          // An order item stands for its first line; the lines after it have `LINE#` items of their own.
          const line = indexedOrderLine(item);
          if (line) {
            return {
              partNumber,
              customerId,
              kind: line.orderStatus === 'quote' ? 'quoteLine' : 'orderLine',
              at,
              quantity: line.quantity,
              reference: line.orderNumber,
            };
          }
          if (item.entity === 'webActivity')
            return { partNumber, customerId, kind: 'webInterest', at, reference: String(item.recordKey) };
          if (item.entity === 'installedProduct')
            return { partNumber, customerId, kind: 'installed', at, reference: String(item.recordKey) };
          return undefined;
        },
      ),

    appendStatusChange: async (customerId: string, change: StatusChange) => {
      const parsed = StatusChangeSchema.parse(change);
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            pk: keys.customer(customerId),
            sk: keys.status(parsed.changedAt, parsed.dimension),
            kind: 'status',
            customerId,
            change: parsed,
            summary: `${parsed.dimension}: ${parsed.previous ?? '—'} → ${parsed.value}`,
            [timelineIndex.partitionKey]: keys.timelinePk(customerId),
            [timelineIndex.sortKey]: `${parsed.changedAt}#STATUS#${parsed.dimension}`,
          },
        }),
      );
    },
  };
};
