import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  type BatchGetCommandOutput,
  DeleteCommand,
  type DeleteCommandInput,
  type DynamoDBDocumentClient,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { runPooled } from '../../core/concurrency/run-pooled.ts';
import type { CustomerOrder, WebInterestSighting } from '../../core/demand/demand-inputs.ts';
import {
  buildDemandWatchItem,
  DEMAND_WATCH_INDEX_PK,
  DEMAND_WATCH_SK,
  DemandWatchItemSchema,
  demandWatchItemKey,
} from '../../core/demand/demand-watch.ts';
import {
  buildDemandSignalItem,
  buildDemandSignalRevisionItem,
  DEMAND_SIGNAL_SK,
  DemandSignalItemSchema,
  DemandSignalRevisionItemSchema,
  signalHistoryPk,
} from '../../core/demand/signal-item.ts';
import { indexedOrderLine } from '../../core/items/demand-lines.ts';
import { keys } from '../../core/items/keys.ts';
import type { Item } from '../../core/items/record-items.ts';
import type {
  DemandStore,
  DemandWatchList,
  OrderRef,
  PartDemandSnapshot,
  SignalChange,
  SignalHistoryReader,
  WatchedPart,
} from '../../core/ports/demand-store.ts';
import type { DemandSignalState } from '../../schemas/entities/demand-signal.ts';
import { type InventoryData, InventoryDataSchema } from '../../schemas/entities/inventory.ts';
import { type OrderData, OrderDataSchema } from '../../schemas/entities/order.ts';
import { type ShipmentData, ShipmentDataSchema } from '../../schemas/entities/shipment.ts';
import { WebActivityDataSchema } from '../../schemas/entities/web-activity.ts';
import { queryAllPages } from './paginate.ts';
import { partitionWithPrefix } from './sort-key-prefix.ts';
import { customer360Table, indexNamed } from './table.ts';

const byPart = indexNamed('gsi1');

/** Built once: zod compiles an object schema's parser on first use, and the re-evaluation reads every watch. */
const WatchedPartSchema = DemandWatchItemSchema.pick({ partNumber: true, seenOn: true });

/** Order statuses whose lines can still be demand (open work or an open quote). */
const DEMAND_STATUSES = new Set(['open', 'confirmed', 'partiallyDelivered', 'quote']);
const BATCH_GET_LIMIT = 100;
/** Single reads or writes of one part's or one batch's in flight at once (shipments of customers, watches). */
const REQUESTS_AT_ONCE = 16;

/** Order lines and web interest of a part: its gsi1 partition. */
export const buildPartIndexQuery = (tableName: string, partNumber: string): QueryCommandInput => ({
  TableName: tableName,
  IndexName: byPart.name,
  KeyConditionExpression: `${byPart.partitionKey} = :pk`,
  ExpressionAttributeValues: { ':pk': keys.partPk(partNumber) },
});

/** Product, stock positions and the demand-signal state: the part's own partition. */
export const buildProductPartitionQuery = (tableName: string, partNumber: string): QueryCommandInput => ({
  TableName: tableName,
  KeyConditionExpression: `${customer360Table.partitionKey} = :pk`,
  ExpressionAttributeValues: { ':pk': keys.product(partNumber) },
  ConsistentRead: true,
});

/** A customer's shipments (they say how much of an order line has left the warehouse). */
export const buildShipmentsQuery = (tableName: string, customerId: string): QueryCommandInput => ({
  TableName: tableName,
  ...partitionWithPrefix(keys.customer(customerId), keys.record('shipment#')),
});

/** Items by key (the order records behind order lines, parts' watch items): at most 100 keys. */
export const buildBatchGet = (
  tableName: string,
  itemKeys: readonly { pk: string; sk: string }[],
): BatchGetCommandInput => ({
  RequestItems: { [tableName]: { Keys: [...itemKeys] } },
});

/**
 * Saves a signal change only if the stored state is still the one it was decided on: a concurrent
 * recompute or a redelivered batch that decided on the same state loses and re-reads.
 */
export const buildSaveSignalPut = (
  tableName: string,
  partNumber: string,
  previous: DemandSignalState | undefined,
  change: SignalChange,
): PutCommandInput => ({
  TableName: tableName,
  Item: buildDemandSignalItem(partNumber, change),
  ...(previous
    ? {
        ConditionExpression: '#revision = :expected',
        ExpressionAttributeNames: { '#revision': 'revision' },
        ExpressionAttributeValues: { ':expected': previous.revision },
      }
    : { ConditionExpression: 'attribute_not_exists(pk)' }),
});

/**
 * The signal change and its history entry in one transaction: the history then never misses a revision
 * that became the state, nor holds one that lost the race (its condition failed, nothing was written).
 */
export const buildSaveSignalTransaction = (
  tableName: string,
  partNumber: string,
  previous: DemandSignalState | undefined,
  change: SignalChange,
): TransactWriteCommandInput => ({
  TransactItems: [
    { Put: buildSaveSignalPut(tableName, partNumber, previous, change) },
    { Put: { TableName: tableName, Item: buildDemandSignalRevisionItem(partNumber, change) } },
  ],
});

/** The latest revisions of a part's signal, newest first (the caller turns them round). */
export const buildSignalHistoryQuery = (
  tableName: string,
  partNumber: string,
  limit: number,
): QueryCommandInput => ({
  TableName: tableName,
  KeyConditionExpression: `${customer360Table.partitionKey} = :pk`,
  ExpressionAttributeValues: { ':pk': signalHistoryPk(partNumber) },
  ScanIndexForward: false,
  Limit: limit,
});

/** Every watched part: the watch partition of gsi1, part numbers only. */
export const buildWatchedPartsQuery = (tableName: string): QueryCommandInput => ({
  TableName: tableName,
  IndexName: byPart.name,
  KeyConditionExpression: `${byPart.partitionKey} = :pk`,
  ExpressionAttributeValues: { ':pk': DEMAND_WATCH_INDEX_PK },
  ProjectionExpression: 'partNumber, seenOn',
});

/** Ends a part's watch only if it is still the one seen on `seenOn` (a recompute may have moved it on). */
export const buildUnwatchDelete = (
  tableName: string,
  partNumber: string,
  seenOn: string,
): DeleteCommandInput => ({
  TableName: tableName,
  Key: demandWatchItemKey(partNumber),
  ConditionExpression: 'seenOn = :seenOn',
  ExpressionAttributeValues: { ':seenOn': seenOn },
});

/** The condition of the state item (the first of the transaction) failed: another writer got there first. */
const lostTheRace = (err: unknown): boolean =>
  err instanceof TransactionCanceledException &&
  err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';

/** The demand store over the customer-360 table. */
export class DynamoDemandStore implements DemandStore, SignalHistoryReader, DemandWatchList {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async readPart(partNumber: string, changedOrders: readonly OrderRef[] = []): Promise<PartDemandSnapshot> {
    const [indexed, own] = await Promise.all([
      this.#queryAll(buildPartIndexQuery(this.tableName, partNumber)),
      this.#queryAll(buildProductPartitionQuery(this.tableName, partNumber)),
    ]);
    // An order's first line is indexed by the order item itself, its other lines by `LINE#` items. The orders are
    // read again by key although the index projects every attribute: on AWS an index trails its table, and the
    // change that triggered this recompute may not have reached it yet. For the same reason the orders the
    // triggering changes wrote are read whether the index lists them or not (a new order may not be in it yet).
    const wanted = new Map<string, OrderRef>();
    for (const order of changedOrders) wanted.set(`${order.customerId}\u0000${order.recordKey}`, order);
    for (const item of indexed) {
      const line = indexedOrderLine(item);
      if (!line || !DEMAND_STATUSES.has(line.orderStatus)) continue;
      wanted.set(`${line.customerId}\u0000${line.recordKey}`, {
        customerId: line.customerId,
        recordKey: line.recordKey,
      });
    }
    const orders = await this.#orders([...wanted.values()]);
    const customers = [...new Set(orders.map((o) => o.customerId))];
    const shipments: ShipmentData[] = [];
    await runPooled(customers, REQUESTS_AT_ONCE, async (customerId) => {
      shipments.push(...(await this.#shipments(customerId)));
    });
    const webInterest = indexed.flatMap((item): WebInterestSighting[] => {
      if (item.kind !== 'record' || item.entity !== 'webActivity') return [];
      const activity = WebActivityDataSchema.safeParse(item.data);
      if (!activity.success || !activity.data.interest) return [];
      const { interest } = activity.data;
      return [
        {
          eventId: activity.data.messageId,
          ...(typeof item.customerId === 'string' ? { customerId: item.customerId } : {}),
          kind: interest.kind,
          ...(interest.partNumber === undefined ? {} : { partNumber: interest.partNumber }),
          ...(interest.quantity === undefined ? {} : { quantity: interest.quantity }),
          observedAt: activity.data.timestamp,
        },
      ];
    });
    const inventory = own.flatMap((item): InventoryData[] => {
      if (item.kind !== 'record' || item.entity !== 'inventory') return [];
      const parsed = InventoryDataSchema.safeParse(item.data);
      return parsed.success ? [parsed.data] : [];
    });
    const signalItem = own.find((item) => item.sk === DEMAND_SIGNAL_SK);
    const signal = signalItem ? DemandSignalItemSchema.parse(signalItem).signal : undefined;
    const watchItem = own.find((item) => item.sk === DEMAND_WATCH_SK);
    return {
      partNumber,
      known: indexed.length > 0 || own.length > 0,
      inputs: { orders, shipments, webInterest },
      inventory,
      signal,
      watchedOn: watchItem ? DemandWatchItemSchema.parse(watchItem).seenOn : undefined,
    };
  }

  async watch(partNumber: string, day: string): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: buildDemandWatchItem(partNumber, day) }),
    );
  }

  async watchUnwatched(partNumbers: readonly string[], day: string): Promise<number> {
    const watched = new Set(
      (await this.#getAll(partNumbers.map(demandWatchItemKey))).map((item) => String(item.partNumber)),
    );
    const unwatched = partNumbers.filter((part) => !watched.has(part));
    await runPooled(unwatched, REQUESTS_AT_ONCE, (part) => this.watch(part, day));
    return unwatched.length;
  }

  async unwatch(partNumber: string, seenOn: string): Promise<'removed' | 'kept'> {
    try {
      await this.client.send(new DeleteCommand(buildUnwatchDelete(this.tableName, partNumber, seenOn)));
      return 'removed';
    } catch (err: unknown) {
      if (err instanceof ConditionalCheckFailedException) return 'kept';
      throw err;
    }
  }

  async watchedParts(): Promise<WatchedPart[]> {
    const items = await this.#queryAll(buildWatchedPartsQuery(this.tableName));
    return items.map((item) => WatchedPartSchema.parse(item));
  }

  async saveSignal(
    partNumber: string,
    previous: DemandSignalState | undefined,
    change: SignalChange,
  ): Promise<'saved' | 'conflict'> {
    try {
      await this.client.send(
        new TransactWriteCommand(buildSaveSignalTransaction(this.tableName, partNumber, previous, change)),
      );
      return 'saved';
    } catch (err: unknown) {
      if (lostTheRace(err)) return 'conflict';
      throw err;
    }
  }

  async signalHistory(partNumber: string, limit: number): Promise<DemandSignalState[]> {
    const out = await this.client.send(
      new QueryCommand(buildSignalHistoryQuery(this.tableName, partNumber, limit)),
    );
    return (out.Items ?? []).map((item) => DemandSignalRevisionItemSchema.parse(item).signal).reverse();
  }

  async #queryAll(input: QueryCommandInput): Promise<Item[]> {
    return (await queryAllPages<Item>(this.client, input)).items;
  }

  async #orders(refs: readonly OrderRef[]): Promise<CustomerOrder[]> {
    const items = await this.#getAll(
      refs.map((o) => ({ pk: keys.customer(o.customerId), sk: keys.record(o.recordKey) })),
    );
    return items.flatMap((item) => {
      const order = OrderDataSchema.safeParse(item.data);
      return order.success && typeof item.customerId === 'string'
        ? [{ customerId: item.customerId, order: order.data as OrderData }]
        : [];
    });
  }

  /** Items by key, 100 to a BatchGetItem; unprocessed keys (throttling) are asked for again until none are left. */
  async #getAll(itemKeys: readonly { pk: string; sk: string }[]): Promise<Item[]> {
    const found: Item[] = [];
    for (let i = 0; i < itemKeys.length; i += BATCH_GET_LIMIT) {
      let request: BatchGetCommandInput | undefined = buildBatchGet(
        this.tableName,
        itemKeys.slice(i, i + BATCH_GET_LIMIT),
      );
      while (request?.RequestItems && Object.keys(request.RequestItems).length > 0) {
        const out: BatchGetCommandOutput = await this.client.send(new BatchGetCommand(request));
        found.push(...((out.Responses?.[this.tableName] ?? []) as Item[]));
        const unprocessed: BatchGetCommandInput['RequestItems'] = out.UnprocessedKeys;
        request =
          unprocessed && Object.keys(unprocessed).length > 0 ? { RequestItems: unprocessed } : undefined;
      }
    }
    return found;
  }

  async #shipments(customerId: string): Promise<ShipmentData[]> {
    const items = await this.#queryAll(buildShipmentsQuery(this.tableName, customerId));
    return items.flatMap((item) => {
      const parsed = ShipmentDataSchema.safeParse(item.data);
      return parsed.success ? [parsed.data] : [];
    });
  }
}
