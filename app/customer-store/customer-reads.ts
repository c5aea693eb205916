import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, pageLimit } from '../../adapters/dynamodb/page-cursor.ts';
import { buildCustomer360Query, buildTimelineQuery } from '../../adapters/dynamodb/queries.ts';
import { buildCustomer360 } from '../../core/customer-360/build-customer-360.ts';
import { keys } from '../../core/items/keys.ts';
import { timelineIndex } from '../../core/items/table-attributes.ts';
import type {
  Customer360Result,
  CustomerStore,
  PageOptions,
  TimelineEntry,
} from '../../core/ports/customer-store.ts';
import { IdentifierSchema, identifierKey } from '../../schemas/entities/identifier.ts';
import { pageOf } from './page-of.ts';
import type { ReadContext } from './read-context.ts';

export type CustomerReads = Pick<
  CustomerStore,
  'getCustomer360' | 'findCustomerByIdentifier' | 'getTimeline'
>;

/** The customer-360 reads: the view, identifier lookup and timeline. */
export const createCustomerReads = (ctx: ReadContext): CustomerReads => {
  const { reader, client, config, hashOf, tableName } = ctx;

  return {
    getCustomer360: async (customerId: string): Promise<Customer360Result> => {
      const { items, requests } = await reader.query(buildCustomer360Query(tableName, customerId));
      const profile = items.find((i) => i.sk === keys.profile);
      if (!profile) return { kind: 'notFound', requests };
      if (profile.status === 'merged' && typeof profile.mergedInto === 'string') {
        return { kind: 'merged', mergedInto: profile.mergedInto, requests };
      }
      if (profile.status !== 'active')
        return { kind: profile.status === 'erased' ? 'erased' : 'notFound', requests };
      return { kind: 'found', view: buildCustomer360(customerId, items, config.sourcePriority), requests };
    },

    findCustomerByIdentifier: async (type, value, scope) => {
      const parsed = IdentifierSchema.safeParse(
        type === 'erp' ? { type, system: scope, value } : { type, value },
      );
      if (!parsed.success) return undefined;
      const out = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: { pk: keys.identifier(hashOf(identifierKey(parsed.data))), sk: keys.owner },
        }),
      );
      return out.Item?.kind === 'identifier' && typeof out.Item.customerId === 'string'
        ? { customerId: out.Item.customerId }
        : undefined;
    },

    getTimeline: async (customerId, options: PageOptions = {}) =>
      pageOf<TimelineEntry>(
        reader,
        buildTimelineQuery(tableName, customerId, pageLimit(options.limit), decodeCursor(options.cursor)),
        (item) => ({
          at: String(item[timelineIndex.sortKey]).split('#')[0] ?? '',
          entity: String(item.entity ?? item.kind),
          summary: String(item.summary ?? item.kind),
          ...(item.source ? { source: item.source as TimelineEntry['source'] & object } : {}),
          data: item.data ?? item.change,
        }),
      ),
  };
};
