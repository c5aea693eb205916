import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../adapters/dynamodb/client.ts';
import { DynamoDbBackend } from '../../adapters/dynamodb/dynamodb-backend.ts';
import { decodeCursor, encodeCursor, pageLimit } from '../../adapters/dynamodb/page-cursor.ts';
import {
  buildCustomer360Query,
  buildGsi1Query,
  buildTimelineQuery,
} from '../../adapters/dynamodb/queries.ts';
import { buildCustomer360 } from '../../core/customer-360/build-customer-360.ts';
import { explainFromItems } from '../../core/identity/explain-identity.ts';
import { IdentityConfigSchema } from '../../core/identity/identity-config.ts';
import { unmergeCustomer } from '../../core/identity/unmerge-customer.ts';
import { ingestPage } from '../../core/ingest/ingest-page.ts';
import { hashIdentifier, keys } from '../../core/items/keys.ts';
import type { Item } from '../../core/items/record-items.ts';
import { byPartitionIndex, timelineIndex } from '../../core/items/table-attributes.ts';
import type {
  Customer360Result,
  CustomerExport,
  CustomerStore,
  DemandEntry,
  Page,
  PageOptions,
  TimelineEntry,
} from '../../core/ports/customer-store.ts';
import { eraseCustomer } from '../../core/privacy/erase-customer.ts';
import { backoffDelayMs, type RetryPolicy, sleepMs } from '../../core/retry/retry-policy.ts';
import type { BackfillKind } from '../../schemas/entities/backfill.ts';
import type { CanonicalRecordInput } from '../../schemas/entities/canonical-record.ts';
import { IdentifierSchema, identifierKey } from '../../schemas/entities/identifier.ts';
import { type StatusChange, StatusChangeSchema } from '../../schemas/entities/lifecycle.ts';
import type { CustomerStoreOptions } from './store-options.ts';

export type { CustomerStoreOptions } from './store-options.ts';

/** A store plus the backend it talks through (the bench and tests read its request counter). */
export type DynamoCustomerStore = CustomerStore & { readonly backend: DynamoDbBackend };

/** Marks a page's records as history; a record that names its own marker keeps it. */
const markBackfill = (
  records: readonly CanonicalRecordInput[],
  backfill: BackfillKind | undefined,
): readonly CanonicalRecordInput[] =>
  backfill === undefined ? records : records.map((record) => ({ backfill, ...record }));

const newCustomerId = () => `cus_${randomUUID().replaceAll('-', '').slice(0, 24)}`;

/** Creates the customer-360 store over a DynamoDB table (DynamoDB Local or AWS; only the endpoint differs). */
export const createCustomerStore = (options: CustomerStoreOptions): DynamoCustomerStore => {
  const client: DynamoDBDocumentClient = options.documentClient ?? createDocumentClient();
  const tableName = options.tableName;
  const config = IdentityConfigSchema.parse(options.identity ?? {});
  const salt = options.identifierSalt ?? tableName;
  const hashOf = (idKey: string) => hashIdentifier(salt, idKey);
  const now = options.now ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 25;
  // Ten doublings of the first delay at most, as before the policy was shared.
  const retry: RetryPolicy = { maxAttempts, baseDelayMs, maxDelayMs: baseDelayMs * 2 ** 10 };
  const pause = (attempt: number) => sleepMs(backoffDelayMs(retry, attempt));
  const backend = new DynamoDbBackend(client, tableName, retry);
  const restructureDeps = () => ({
    backend,
    config,
    hashOf,
    newCustomerId,
    now: now().toISOString(),
    maxAttempts,
    pause,
  });

  const queryAll = (input: ReturnType<typeof buildCustomer360Query>) => backend.query(input);

  const getCustomer360 = async (customerId: string): Promise<Customer360Result> => {
    const { items, requests } = await queryAll(buildCustomer360Query(tableName, customerId));
    const profile = items.find((i) => i.sk === keys.profile);
    if (!profile) return { kind: 'notFound', requests };
    if (profile.status === 'merged' && typeof profile.mergedInto === 'string') {
      return { kind: 'merged', mergedInto: profile.mergedInto, requests };
    }
    if (profile.status !== 'active')
      return { kind: profile.status === 'erased' ? 'erased' : 'notFound', requests };
    return { kind: 'found', view: buildCustomer360(customerId, items, config.sourcePriority), requests };
  };

  const pageOf = async <T>(
    input: ReturnType<typeof buildTimelineQuery>,
    map: (item: Item) => T | undefined,
  ): Promise<Page<T>> => {
    const out = await backend.queryPage(input);
    const items = out.items.flatMap((i) => {
      const mapped = map(i);
      return mapped === undefined ? [] : [mapped];
    });
    const cursor = encodeCursor(out.lastKey);
    return cursor ? { items, cursor } : { items };
  };

  const store: DynamoCustomerStore = {
    backend,
    ingest: (records, ingestOptions = {}) =>
      ingestPage(markBackfill(records, ingestOptions.backfill), {
        backend,
        config,
        hashOf,
        newCustomerId,
        now,
        maxAttempts,
        pause,
      }),

    getCustomer360,

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
        buildTimelineQuery(tableName, customerId, pageLimit(options.limit), decodeCursor(options.cursor)),
        (item) => ({
          at: String(item[timelineIndex.sortKey]).split('#')[0] ?? '',
          entity: String(item.entity ?? item.kind),
          summary: String(item.summary ?? item.kind),
          ...(item.source ? { source: item.source as TimelineEntry['source'] & object } : {}),
          data: item.data ?? item.change,
        }),
      ),

    explainIdentity: async (customerId) => {
      const { items } = await queryAll(buildCustomer360Query(tableName, customerId));
      const profile = items.find((i) => i.sk === keys.profile);
      return profile?.status === 'active' ? explainFromItems(customerId, items) : undefined;
    },

    unmerge: (customerId, entryId, who) => unmergeCustomer(restructureDeps(), customerId, entryId, who),

    eraseCustomer: (customerId, who) =>
      eraseCustomer({ backend, hashOf, now: now().toISOString() }, customerId, who),

    exportCustomer: async (customerId): Promise<CustomerExport | undefined> => {
      const { items } = await queryAll(buildCustomer360Query(tableName, customerId));
      const profile = items.find((i) => i.sk === keys.profile);
      if (profile?.status !== 'active') return undefined;
      return {
        customerId,
        exportedAt: now().toISOString(),
        view: buildCustomer360(customerId, items, config.sourcePriority),
        ledger: explainFromItems(customerId, items).ledger,
      };
    },

    getSegmentMembers: async (segment, options: PageOptions = {}) => {
      const page = await pageOf(
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
          if (item.kind === 'orderLine') {
            return {
              partNumber,
              customerId,
              kind: item.orderStatus === 'quote' ? 'quoteLine' : 'orderLine',
              at,
              quantity: Number(item.quantity),
              reference: String(item.orderNumber),
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
  return store;
};
