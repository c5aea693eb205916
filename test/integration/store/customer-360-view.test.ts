import { gunzipSync } from 'node:zlib';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCustomer360Query } from '../../../adapters/dynamodb/queries.ts';
import { createViewProjector } from '../../../app/customer-360/project-customer-views.ts';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import { DEFAULT_VIEW_LIMITS } from '../../../core/customer-360/view/view-limits.ts';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { buildRecordItems, type Item } from '../../../core/items/record-items.ts';
import type { StoredRecord } from '../../../core/items/stored-record.ts';
import {
  type CanonicalRecordInput,
  CanonicalRecordSchema,
  sourceRecordKey,
} from '../../../schemas/entities/canonical-record.ts';
import {
  email,
  erp,
  exampleCustomer,
  exampleOrder,
  exampleWebActivity,
  phone,
  webUser,
} from '../../../schemas/entities/examples.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';
import { followStream } from '../../support/stream-follower.ts';

// Large enough that the partition is many times the 64 KB a view read may cost and far beyond what the view
// keeps; the bench reads a customer with 10,000 orders and 200,000 web events.
const ORDERS = 400;
const WEB_EVENTS = 1_200;
const KB64 = 64 * 1024;

let table: TestTable;
let store: ReturnType<typeof createCustomerStore>;
let projector: ReturnType<typeof createViewProjector>;
let stream: ReturnType<typeof followStream>;

/** Delivers what the stream holds to the projector in batches of 100, as the stream subscription does. */
const projectStream = async (changes?: ChangeRecord[]) => {
  const all = changes ?? (await stream.next());
  for (let i = 0; i < all.length; i += 100) {
    const result = await projector.project(all.slice(i, i + 100));
    expect(result.failed).toEqual([]);
  }
  return all;
};

/** Writes records into a customer's partition as the store stores them, 25 items a request, 8 in flight. */
const writeHistory = async (customerId: string, records: readonly CanonicalRecordInput[]) => {
  const items = records.flatMap((input) => {
    const record = CanonicalRecordSchema.parse(input);
    const { main, aux } = buildRecordItems(
      {
        ...record,
        recordKey: sourceRecordKey(record),
        linkIds: [],
        identifiers: record.identifiers,
      } as StoredRecord,
      customerId,
      'ingest',
    );
    return [main, ...aux];
  });
  const chunks: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  const inFlight = async () => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      let pending: Record<string, unknown>[] = chunk.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const out = await table.documentClient.send(
          new BatchWriteCommand({ RequestItems: { [table.tableName]: pending as never } }),
        );
        pending = (out.UnprocessedItems?.[table.tableName] ?? []) as Record<string, unknown>[];
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, inFlight));
};

const customerOf = async (value: string) =>
  (await store.findCustomerByIdentifier('erp', value, 'sap-s4'))?.customerId ?? '';

beforeAll(async () => {
  table = await createTestTable('view');
  store = createCustomerStore({
    tableName: table.tableName,
    documentClient: table.documentClient,
    baseDelayMs: 1,
  });
  projector = createViewProjector({
    client: table.documentClient,
    tableName: table.tableName,
    limits: DEFAULT_VIEW_LIMITS,
  });
  stream = followStream(table);
});
afterAll(async () => {
  await table.drop();
});

describe('customer-360 view on DynamoDB Local', () => {
  let heavy = '';
  let history: ChangeRecord[] = [];

  it('reads a customer with a long history in one Query of at most 64 KB once its view is projected', async () => {
    // prepare: the customer through the store; its history written straight into its partition in the
    // shape the store writes it (core/items), which is what a long-running customer's partition holds
    await store.ingest([
      exampleCustomer({ key: '9000', version: '1' }, [erp('9000'), email('buyer@distributor.example')]),
    ]);
    heavy = await customerOf('9000');
    await writeHistory(heavy, [
      ...Array.from({ length: ORDERS }, (_, n) =>
        exampleOrder({ key: `SO-${n}`, version: '1' }, [erp('9000')], {
          orderedAt: new Date(Date.UTC(2022, 0, 1) + n * 3_600_000).toISOString(),
          lines: [
            { partNumber: `P-${n % 30}`, quantity: 2 },
            { partNumber: 'P-999', quantity: 1 },
          ],
        }),
      ),
      ...Array.from({ length: WEB_EVENTS }, (_, n) =>
        exampleWebActivity({ key: `msg-${n}`, version: '1' }, [webUser('dist-9000')], {
          timestamp: new Date(Date.UTC(2023, 0, 1) + n * 60_000).toISOString(),
          partNumber: `P-${n % 50}`,
        }),
      ),
    ]);
    history = await projectStream();
    const raw = await table.documentClient.send(
      new QueryCommand({ ...buildCustomer360Query(table.tableName, heavy), ReturnConsumedCapacity: 'TOTAL' }),
    );

    // act
    const read = await store.getCustomer360(heavy);

    // assert
    if (read.kind !== 'found') throw new Error(`expected the customer, read ${read.kind}`);
    expect(read.requests).toBe(1);
    expect(read.view.servedFrom).toMatchObject({ source: 'view' });
    expect(read.bytesRead).toBeLessThan(KB64);
    // while reading the partition itself costs more than 64 KB (16 RCU reads 64 KB however it is read)
    expect(raw.ConsumedCapacity?.CapacityUnits).toBeGreaterThan(16);
    if (read.readUnits !== undefined) expect(read.readUnits).toBeLessThanOrEqual(8);
    expect(read.view.coverage?.orders).toEqual({ total: ORDERS, kept: 20 });
    expect(read.view.webActivityTotals?.events).toBe(WEB_EVENTS);
    expect(read.view.orders[0]?.data.orderNumber).toBe(`SO-${ORDERS - 1}`);
    console.info(
      `[customer-360 view] ${ORDERS} orders + ${WEB_EVENTS} web events: view read ${read.requests} request, ` +
        `${(read.bytesRead ?? 0) / 1024} KB, ${read.readUnits ?? 'n/a'} RCU; first page of the raw partition Query ` +
        `${raw.Count} items, ${raw.ConsumedCapacity?.CapacityUnits ?? 'n/a'} RCU, more pages: ${raw.LastEvaluatedKey !== undefined}`,
    );
  }, 300_000);

  it('serves the view as last projected, in 2 bounded Queries, for a write the projector has not seen yet', async () => {
    // prepare: a record written after the view (the head's `writes` moves on, the view's basis does not)
    await store.ingest([
      exampleOrder({ key: 'SO-late', version: '1' }, [erp('9000')], { orderedAt: '2030-01-01T00:00:00Z' }),
    ]);

    // act
    const behind = await store.getCustomer360(heavy);
    await projectStream();
    const caughtUp = await store.getCustomer360(heavy);

    // assert: not a read of the whole partition (1,600 items) but the view and one page of at most 500 items
    if (behind.kind !== 'found' || caughtUp.kind !== 'found') throw new Error('expected the customer');
    expect(behind.view.servedFrom).toMatchObject({ source: 'view', reason: 'viewBehind' });
    expect(behind.view.servedFrom?.projectedAt).toEqual(expect.any(String));
    expect(behind.requests).toBe(2);
    expect(behind.view.orders.some((o) => o.data.orderNumber === 'SO-late')).toBe(false);
    expect(behind.view.coverage?.orders.total).toBe(ORDERS);
    expect(caughtUp.view.servedFrom).toMatchObject({ source: 'view' });
    expect(caughtUp.view.servedFrom?.reason).toBeUndefined();
    expect(caughtUp.requests).toBe(1);
    expect(caughtUp.view.orders[0]?.data.orderNumber).toBe('SO-late');
    expect(caughtUp.view.coverage?.orders.total).toBe(ORDERS + 1);
  }, 120_000);

  it('folds a customer of up to 500 items, and says so, for a write the projector has not seen yet', async () => {
    // prepare: a small customer with a projected view, then one more order
    await store.ingest([
      exampleCustomer({ key: '9100', version: '1' }, [erp('9100')]),
      ...Array.from({ length: 5 }, (_, n) =>
        exampleOrder({ key: `SO-9100-${n}`, version: '1' }, [erp('9100')], {
          orderedAt: new Date(Date.UTC(2025, 0, 1 + n)).toISOString(),
        }),
      ),
    ]);
    const small = await customerOf('9100');
    await projectStream();
    await store.ingest([
      exampleOrder({ key: 'SO-9100-late', version: '1' }, [erp('9100')], {
        orderedAt: '2030-01-01T00:00:00Z',
      }),
    ]);

    // act
    const behind = await store.getCustomer360(small);

    // assert: complete, the new order in it, in 2 requests
    if (behind.kind !== 'found') throw new Error('expected the customer');
    expect(behind.view.servedFrom).toEqual({ source: 'fold', reason: 'viewBehind' });
    expect(behind.requests).toBe(2);
    expect(behind.view.orders.map((o) => o.data.orderNumber)).toContain('SO-9100-late');
    await projectStream();
  }, 120_000);

  it('changes nothing when the stream delivers everything again', async () => {
    // prepare
    const before = await store.getCustomer360(heavy);

    // act
    await projectStream(history);
    const after = await store.getCustomer360(heavy);

    // assert
    if (before.kind !== 'found' || after.kind !== 'found') throw new Error('expected the customer');
    const { servedFrom: _a, ...was } = before.view;
    const { servedFrom: _b, ...is } = after.view;
    expect(is).toEqual(was);
  }, 120_000);

  it('serves a view written before its sections were compressed, and compresses a section once it changes', async () => {
    // prepare: the sections as an earlier version stored them, with their state as a nested map
    const sections = async () =>
      (
        await table.documentClient.send(
          new QueryCommand({
            TableName: table.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :view)',
            ExpressionAttributeValues: { ':pk': `CUST#${heavy}`, ':view': 'PROFILE#VIEW#' },
          }),
        )
      ).Items as Item[];
    const before = await store.getCustomer360(heavy);
    const stored = await sections();
    await table.documentClient.send(
      new BatchWriteCommand({
        RequestItems: {
          [table.tableName]: stored.map((item) => ({
            PutRequest: {
              Item: { ...item, state: JSON.parse(gunzipSync(item.state as Uint8Array).toString('utf8')) },
            },
          })),
        },
      }),
    );

    console.info(
      `[customer-360 view] stored sections, compressed: ${stored.map((i) => `${i.section} ${(i.state as Uint8Array).byteLength} B`).join(', ')}`,
    );

    // act
    const legacy = await store.getCustomer360(heavy);
    await store.ingest([
      exampleOrder({ key: 'SO-after', version: '1' }, [erp('9000')], { orderedAt: '2031-01-01T00:00:00Z' }),
    ]);
    await projectStream();
    const after = await store.getCustomer360(heavy);
    const rewritten = await sections();

    // assert
    expect(stored).toHaveLength(7);
    expect(stored.every((item) => item.state instanceof Uint8Array)).toBe(true);
    if (before.kind !== 'found' || legacy.kind !== 'found' || after.kind !== 'found') {
      throw new Error('expected the customer');
    }
    expect(legacy.view).toEqual(before.view);
    expect(after.view.servedFrom?.source).toBe('view');
    expect(after.view.orders[0]?.data.orderNumber).toBe('SO-after');
    expect(after.view.coverage?.orders.total).toBe(ORDERS + 2);
    const compressed = (section: string) =>
      rewritten.find((i) => i.section === section)?.state instanceof Uint8Array;
    expect([compressed('order'), compressed('head'), compressed('webActivity')]).toEqual([true, true, false]);
  }, 120_000);

  it('moves a merged customer’s history into the survivor’s view and removes the merged one’s view', async () => {
    // prepare: two customers, then an order carrying both their identifiers links them
    await store.ingest([
      exampleCustomer({ key: '7001', version: '1' }, [erp('7001'), email('ada@example.com')]),
      exampleOrder({ key: 'SO-7001', version: '1' }, [erp('7001')]),
    ]);
    await store.ingest([
      exampleCustomer({ key: 'C-7002', version: '1', system: 'bc-eu' }, [phone('+4989700200')]),
      exampleOrder({ key: 'SO-7002', version: '1', system: 'bc-eu' }, [phone('+4989700200')]),
    ]);
    await projectStream();
    const first = await customerOf('7001');

    // act
    await store.ingest([
      exampleOrder({ key: 'SO-link', version: '1' }, [email('ada@example.com'), phone('+4989700200')]),
    ]);
    await projectStream();

    // assert
    const survivor = (await store.findCustomerByIdentifier('phone', '+4989700200'))?.customerId ?? '';
    const merged = survivor === first ? '' : first;
    const read = await store.getCustomer360(survivor);
    if (read.kind !== 'found') throw new Error(`expected the survivor, read ${read.kind}`);
    expect(read.view.servedFrom?.source).toBe('view');
    expect(read.view.orders.map((o) => o.data.orderNumber).sort()).toEqual(['SO-7001', 'SO-7002', 'SO-link']);
    if (merged) {
      expect((await store.getCustomer360(merged)).kind).toBe('merged');
      expect(await projector.views.readView(merged)).toBeUndefined();
    }
  }, 120_000);

  it('reads a long history whole when its view was built before a restructuring', async () => {
    // prepare: a customer of 600 orders (through the store) with a projected view, then a web shop's record of
    // the same e-mail joins it (the customer's `rev` moves on)
    await store.ingest([
      exampleCustomer({ key: '9200', version: '1' }, [erp('9200'), email('buyer@big.example')]),
    ]);
    const orders = Array.from({ length: 600 }, (_, n) =>
      exampleOrder({ key: `SO-9200-${n}`, version: '1' }, [erp('9200')], {
        orderedAt: new Date(Date.UTC(2024, 0, 1) + n * 3_600_000).toISOString(),
      }),
    );
    for (let i = 0; i < orders.length; i += 100) await store.ingest(orders.slice(i, i + 100));
    await projectStream();
    await store.ingest([
      exampleCustomer({ key: 'W-9201', version: '1', system: 'shop' }, [
        email('buyer@big.example'),
        webUser('w-9201'),
      ]),
    ]);
    const survivor = (await store.findCustomerByIdentifier('email', 'buyer@big.example'))?.customerId ?? '';

    // act
    const read = await store.getCustomer360(survivor);

    // assert: a view built before the merge is not served; the fold reads every page and is complete
    if (read.kind !== 'found') throw new Error(`expected the customer, read ${read.kind}`);
    expect(read.view.servedFrom).toMatchObject({ source: 'fold' });
    expect(read.requests).toBeGreaterThan(2);
    expect(read.view.identifiers.map((i) => i.value)).toContain('w-9201');
    expect(read.view.orders).toHaveLength(600);
    await projectStream();
    const caughtUp = await store.getCustomer360(survivor);
    expect(caughtUp.kind === 'found' && caughtUp.view.servedFrom?.source).toBe('view');
  }, 120_000);
});
