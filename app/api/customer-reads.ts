import type { CustomerStore } from '../../core/ports/customer-store.ts';
import type { Customer360Response } from '../../schemas/api/customer-360.ts';
import type { CustomerLookupResponse } from '../../schemas/api/customer-lookup.ts';
import type { PageQuery } from '../../schemas/api/pagination.ts';
import type { TimelinePage } from '../../schemas/api/timeline.ts';
import type { CanonicalIdentifier } from '../../schemas/entities/identifier.ts';
import { toCustomer360Response } from './customer-360-response.ts';
import { failUnlessFound } from './customer-state.ts';
import { IdentifierNotFoundError, InvalidCursorError } from './errors.ts';
import type { CursorCodec } from './http/cursor.ts';
import { entityTagOf, matchesIfNoneMatch } from './http/etag.ts';

export type CustomerReadStore = Pick<
  CustomerStore,
  'getCustomer360' | 'findCustomerByIdentifier' | 'getTimeline'
>;

export interface CustomerReadsDeps {
  readonly store: CustomerReadStore;
  /** Resolved lazily: the key may come from a secret store, and only paginated reads need it. */
  readonly cursors: () => Promise<CursorCodec>;
  /** Clock deciding what is overdue or late. @default () => new Date() */
  readonly now?: () => Date;
}

/** The 360 read's outcome: the view with its entity tag, or "your copy is current". */
export type Customer360Read =
  | {
      readonly kind: 'view';
      readonly view: Customer360Response;
      readonly etag: string;
      readonly requests: number;
    }
  | { readonly kind: 'notModified'; readonly etag: string; readonly requests: number };

/** The listing a timeline cursor belongs to, so it cannot page through another customer. */
const timelineListing = (customerId: string) => `timeline:${customerId}`;

/** The customer reads behind the query API: 360 view, lookup by identifier, timeline. */
export const createCustomerReads = (deps: CustomerReadsDeps) => {
  const now = deps.now ?? (() => new Date());
  return {
    /** One Query for an unmerged customer; `ifNoneMatch` is the client's `If-None-Match` header. */
    async customer360(customerId: string, ifNoneMatch?: string): Promise<Customer360Read> {
      const found = failUnlessFound(customerId, await deps.store.getCustomer360(customerId));
      const view = toCustomer360Response(found.view, now().toISOString().slice(0, 10));
      const etag = entityTagOf(JSON.stringify(view));
      return matchesIfNoneMatch(ifNoneMatch, etag)
        ? { kind: 'notModified', etag, requests: found.requests }
        : { kind: 'view', view, etag, requests: found.requests };
    },

    async findByIdentifier(identifier: CanonicalIdentifier): Promise<CustomerLookupResponse> {
      // ERP numbers are scoped by the ERP system: `sap-s4:1000123` → scope `sap-s4`, number `1000123`.
      const colon = identifier.value.indexOf(':');
      const found =
        identifier.type === 'erp'
          ? await deps.store.findCustomerByIdentifier(
              'erp',
              identifier.value.slice(colon + 1),
              identifier.value.slice(0, colon),
            )
          : await deps.store.findCustomerByIdentifier(identifier.type, identifier.value);
      if (!found) throw new IdentifierNotFoundError(`${identifier.type}:${identifier.value}`);
      return {
        customerId: found.customerId,
        identifier,
        href: `/customers/${encodeURIComponent(found.customerId)}`,
      };
    },

    async timeline(customerId: string, page: PageQuery): Promise<TimelinePage> {
      const cursors = await deps.cursors();
      const listing = timelineListing(customerId);
      const position = page.cursor === undefined ? undefined : cursors.open(page.cursor, listing);
      if (position !== undefined && typeof position !== 'string') throw new InvalidCursorError();
      const result = await deps.store.getTimeline(customerId, {
        limit: page.limit,
        ...(position !== undefined ? { cursor: position } : {}),
      });
      // An empty first page may mean "no such customer"; find out why only then.
      if (result.items.length === 0 && page.cursor === undefined) {
        failUnlessFound(customerId, await deps.store.getCustomer360(customerId));
      }
      return {
        items: [...result.items],
        ...(result.cursor ? { nextCursor: cursors.seal(result.cursor, listing) } : {}),
      };
    },
  };
};

export type CustomerReads = ReturnType<typeof createCustomerReads>;
