import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { billedBytes, readHeadAndView } from '../../adapters/dynamodb/customer-view-reads.ts';
import { decodeCursor, pageLimit } from '../../adapters/dynamodb/page-cursor.ts';
import { buildCustomer360Query, buildTimelineQuery } from '../../adapters/dynamodb/queries.ts';
import { buildCustomer360 } from '../../core/customer-360/build-customer-360.ts';
import { viewFromItems, viewStanding } from '../../core/customer-360/view/view-items.ts';
import type { CustomerViewState } from '../../core/customer-360/view/view-state.ts';
import { viewToCustomer360 } from '../../core/customer-360/view/view-to-customer-360.ts';
import { keys } from '../../core/items/keys.ts';
import type { Item } from '../../core/items/record-items.ts';
import { timelineIndex } from '../../core/items/table-attributes.ts';
import type {
  Customer360Result,
  CustomerStore,
  PageOptions,
  RequestCount,
  TimelineEntry,
} from '../../core/ports/customer-store.ts';
import type { Customer360Source } from '../../schemas/entities/customer-360.ts';
import { IdentifierSchema, identifierKey } from '../../schemas/entities/identifier.ts';
import { pageOf } from './page-of.ts';
import type { ReadContext } from './read-context.ts';

export type CustomerReads = Pick<
  CustomerStore,
  'getCustomer360' | 'findCustomerByIdentifier' | 'getTimeline'
>;

/**
 * Items of a customer's partition the 360 read folds when the view trails the latest writes: a longer history
 * (typical customers hold tens to hundreds of items) gets its view as last projected instead of a read of all.
 */
export const FOLD_AT_MOST = 500;

/** The result for a head that is absent, merged away or erased; undefined for an active customer. */
const stateOfProfile = (profile: Item | undefined, cost: RequestCount): Customer360Result | undefined => {
  if (!profile) return { kind: 'notFound', ...cost };
  if (profile.status === 'merged' && typeof profile.mergedInto === 'string') {
    return { kind: 'merged', mergedInto: profile.mergedInto, ...cost };
  }
  if (profile.status !== 'active')
    return { kind: profile.status === 'erased' ? 'erased' : 'notFound', ...cost };
  return undefined;
};

/** The customer-360 reads: the view, identifier lookup and timeline. */
export const createCustomerReads = (ctx: ReadContext): CustomerReads => {
  const { reader, client, config, hashOf, tableName } = ctx;

  return {
    getCustomer360: async (customerId: string): Promise<Customer360Result> => {
      const first = await readHeadAndView(client, reader, tableName, customerId);
      const cost = {
        requests: 1,
        bytesRead: first.bytesRead,
        ...(first.readUnits !== undefined ? { readUnits: first.readUnits } : {}),
      };
      const headState = stateOfProfile(
        first.items.find((i) => i.sk === keys.profile),
        cost,
      );
      if (headState) return headState;
      const profile = first.items.find((i) => i.sk === keys.profile) as Item;
      const view = viewFromItems(customerId, first.items);
      const standing = view ? viewStanding(profile, view) : 'unusable';
      const fromView = (state: CustomerViewState, servedFrom: Customer360Source, spent: RequestCount) => ({
        kind: 'found' as const,
        view: { ...viewToCustomer360(state, config.sourcePriority), servedFrom },
        ...spent,
      });
      const projectedAt = (state: CustomerViewState) => state.meta.head?.projectedAt;
      if (view && standing === 'current') {
        const at = projectedAt(view.state);
        return fromView(view.state, { source: 'view', ...(at ? { projectedAt: at } : {}) }, cost);
      }
      // No view yet, or behind the head's latest write: fold the partition, which is complete and says so, when it
      // fits one read of FOLD_AT_MOST items. A longer history is not read whole for a view that only trails the
      // latest record writes: that view is served as last projected, so a read stays bounded whatever the history.
      const partition = buildCustomer360Query(tableName, customerId);
      const firstPage = await reader.queryPage({ ...partition, Limit: FOLD_AT_MOST });
      const spent = (items: readonly Item[], requests: number): RequestCount => ({
        requests: 1 + requests,
        bytesRead: first.bytesRead + billedBytes(items),
      });
      if (firstPage.lastKey !== undefined && view && standing === 'behindOnWrites') {
        const at = projectedAt(view.state);
        return fromView(
          view.state,
          { source: 'view', reason: 'viewBehind', ...(at ? { projectedAt: at } : {}) },
          spent(firstPage.items, 1),
        );
      }
      const rest =
        firstPage.lastKey === undefined
          ? { items: [], requests: 0 }
          : await reader.query({ ...partition, ExclusiveStartKey: firstPage.lastKey });
      const items = [...firstPage.items, ...rest.items];
      const total = spent(items, 1 + rest.requests);
      const foldState = stateOfProfile(
        items.find((i) => i.sk === keys.profile),
        total,
      );
      if (foldState) return foldState;
      const built = buildCustomer360(customerId, items, config.sourcePriority);
      return {
        kind: 'found',
        view: { ...built, servedFrom: { source: 'fold', reason: view ? 'viewBehind' : 'viewMissing' } },
        ...total,
      };
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
