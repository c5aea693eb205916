import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDemandStore } from '../../../adapters/dynamodb/demand-store.ts';
import {
  createCustomerStore,
  type DynamoCustomerStore,
} from '../../../app/customer-store/create-customer-store.ts';
import { keys } from '../../../core/items/keys.ts';
import { erp, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

// An order's first line lives on the order item (its part-index entry) and only lines 2…n have LINE# items.
// Both readers of the part index, product demand and the demand signal's snapshot, must see every line, and a
// newer version that drops lines must take their items out of the index.

const V1 = '2026-03-01T00:00:00Z';
const V2 = '2026-03-02T00:00:00Z';

let table: TestTable;
let store: DynamoCustomerStore;
let demand: DynamoDemandStore;
let customerId: string;

const threeLines = exampleOrder({ key: 'SO-3', version: V1 }, [erp('1')], {
  status: 'open',
  lines: [
    { partNumber: 'P-A', quantity: 1 },
    { partNumber: 'P-B', quantity: 2 },
    { partNumber: 'P-A', quantity: 3 },
  ],
});
const twoLines = (version: string) =>
  exampleOrder({ key: 'SO-2', version }, [erp('1')], {
    status: 'quote',
    lines: [
      { partNumber: 'P-C', quantity: 4 },
      { partNumber: 'P-D', quantity: 5 },
    ],
  });
const oneLine = exampleOrder({ key: 'SO-2', version: V2 }, [erp('1')], {
  status: 'quote',
  lines: [{ partNumber: 'P-C', quantity: 6 }],
});

const lineItems = async (): Promise<string[]> => {
  const out = await table.documentClient.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :line)',
      ExpressionAttributeValues: { ':pk': keys.customer(customerId), ':line': 'LINE#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((item) => String(item.sk));
};

const demandOf = async (part: string) =>
  (await store.getProductDemand(part)).items.map((d) => [d.kind, d.reference, d.quantity]);

beforeAll(async () => {
  table = await createTestTable('order-lines');
  store = createCustomerStore({
    tableName: table.tableName,
    documentClient: table.documentClient,
    baseDelayMs: 1,
  });
  demand = new DynamoDemandStore(table.documentClient, table.tableName);
  await store.ingest([exampleCustomer({ key: '1', version: V1 }, [erp('1')]), threeLines, twoLines(V1)]);
  const owner = await store.findCustomerByIdentifier('erp', '1', 'sap-s4');
  if (!owner) throw new Error('the customer of erp:sap-s4:1 was not stored');
  customerId = owner.customerId;
});
afterAll(async () => table.drop());

describe('order lines in the part index on DynamoDB Local', () => {
  it('stores an order of n lines with n−1 LINE# items', async () => {
    expect((await lineItems()).sort()).toEqual([
      keys.orderLine('order#sap-s4#sales-orders#SO-2', '20'),
      keys.orderLine('order#sap-s4#sales-orders#SO-3', '20'),
      keys.orderLine('order#sap-s4#sales-orders#SO-3', '30'),
    ]);
  });

  it('shows product demand for the first line (the order item) and the later lines (LINE# items) alike', async () => {
    // Newest first: lines of one order share its date and come in descending line number.
    expect(await demandOf('P-A')).toEqual([
      ['orderLine', 'SO-3', 3],
      ['orderLine', 'SO-3', 1],
    ]);
    expect(await demandOf('P-B')).toEqual([['orderLine', 'SO-3', 2]]);
    expect(await demandOf('P-C')).toEqual([['quoteLine', 'SO-2', 4]]);
    expect(await demandOf('P-D')).toEqual([['quoteLine', 'SO-2', 5]]);
  });

  it('finds the order behind a part of its first line and of a later line, once per order', async () => {
    const byFirstAndThird = await demand.readPart('P-A');
    const byLater = await demand.readPart('P-B');
    const byFirstOnly = await demand.readPart('P-C');

    expect(byFirstAndThird.inputs.orders.map((o) => [o.customerId, o.order.orderNumber])).toEqual([
      [customerId, 'SO-3'],
    ]);
    expect(byLater.inputs.orders.map((o) => o.order.orderNumber)).toEqual(['SO-3']);
    expect(byFirstOnly.inputs.orders.map((o) => o.order.orderNumber)).toEqual(['SO-2']);
  });

  it('takes a dropped line out of the index when a newer version has fewer lines, and keeps it out on a late replay', async () => {
    await store.ingest([oneLine]);
    await store.ingest([twoLines(V1)]);

    expect((await lineItems()).filter((sk) => sk.includes('SO-2'))).toEqual([]);
    expect(await demandOf('P-D')).toEqual([]);
    expect(await demandOf('P-C')).toEqual([['quoteLine', 'SO-2', 6]]);
    expect((await demand.readPart('P-D')).inputs.orders).toEqual([]);
  });
});
