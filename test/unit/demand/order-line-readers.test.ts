import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoDemandStore } from '../../../adapters/dynamodb/demand-store.ts';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import { keys } from '../../../core/items/keys.ts';
import { buildRecordItems } from '../../../core/items/record-items.ts';
import { erp, exampleOrder, exampleWebActivity, webUser } from '../../../schemas/entities/examples.ts';
import { storedRecord } from '../items/stored-items.ts';

// The two readers of the part index, product demand and the demand signal's snapshot, read an order's first
// line from the order item and its later lines from LINE# items. The index is stubbed with the items
// buildRecordItems writes, so a reader still looking only for LINE# items misses the first lines here.

const dynamo = mockClient(DynamoDBDocumentClient);
afterEach(() => dynamo.reset());

const TABLE = 'hub-test';
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));

const order = (key: string, status: string, lines: { partNumber: string; quantity: number }[]) =>
  buildRecordItems(
    storedRecord(exampleOrder({ key, version: '1' }, [erp('1')], { status, lines })),
    'c1',
    'ingest',
  );

const twoLines = order('SO-1', 'open', [
  { partNumber: 'P-1', quantity: 2 },
  { partNumber: 'P-2', quantity: 7 },
]);
const delivered = order('SO-2', 'delivered', [{ partNumber: 'P-1', quantity: 9 }]);
const quote = order('Q-1', 'quote', [{ partNumber: 'P-1', quantity: 4 }]);
const interest = buildRecordItems(
  storedRecord(
    exampleWebActivity({ key: 'w-1', version: '1' }, [webUser('u-1')], {
      partNumber: 'P-1',
      kind: 'cartAdd',
    }),
  ),
  'c1',
  'ingest',
).main;

/** The part index (gsi1) and the base table, as DynamoDB would answer the readers' requests. */
const stubTable = () => {
  const partIndex = new Map<string, Record<string, unknown>[]>([
    ['PART#P-1', [twoLines.main, delivered.main, quote.main, interest]],
    ['PART#P-2', [...twoLines.aux]],
  ]);
  dynamo
    .on(QueryCommand)
    .callsFake((input: { IndexName?: string; ExpressionAttributeValues: { ':pk': string } }) => ({
      Items: input.IndexName === 'gsi1' ? (partIndex.get(input.ExpressionAttributeValues[':pk']) ?? []) : [],
    }));
  const byKey = new Map([twoLines.main, delivered.main, quote.main].map((i) => [`${i.pk}|${i.sk}`, i]));
  dynamo
    .on(BatchGetCommand)
    .callsFake((input: { RequestItems: Record<string, { Keys: { pk: string; sk: string }[] }> }) => ({
      Responses: {
        [TABLE]: (input.RequestItems[TABLE]?.Keys ?? []).flatMap((k) => byKey.get(`${k.pk}|${k.sk}`) ?? []),
      },
    }));
};

describe('product demand over the part index', () => {
  it('lists the first line of every order through its order item, next to web interest', async () => {
    stubTable();
    const store = createCustomerStore({ tableName: TABLE, documentClient });

    const demand = await store.getProductDemand('P-1');

    expect(demand.items.map((d) => [d.kind, d.reference, d.quantity])).toEqual([
      ['orderLine', 'SO-1', 2],
      ['orderLine', 'SO-2', 9],
      ['quoteLine', 'Q-1', 4],
      ['webInterest', interest.recordKey, undefined],
    ]);
  });

  it('lists a later line through its LINE# item', async () => {
    stubTable();
    const store = createCustomerStore({ tableName: TABLE, documentClient });

    const demand = await store.getProductDemand('P-2');

    expect(demand.items).toEqual([
      {
        partNumber: 'P-2',
        customerId: 'c1',
        kind: 'orderLine',
        at: '2026-03-01T10:00:00Z',
        quantity: 7,
        reference: 'SO-1',
      },
    ]);
  });
});

describe('the demand snapshot over the part index', () => {
  it('reads the open orders and quotes behind first lines, leaving delivered orders out', async () => {
    stubTable();

    const snapshot = await new DynamoDemandStore(documentClient, TABLE).readPart('P-1');

    expect(snapshot.inputs.orders.map((o) => o.order.orderNumber).sort()).toEqual(['Q-1', 'SO-1']);
    const asked = dynamo
      .commandCalls(BatchGetCommand)
      .flatMap((c) => c.args[0].input.RequestItems?.[TABLE]?.Keys ?? []);
    expect(asked).toEqual([
      { pk: keys.customer('c1'), sk: keys.record(String(twoLines.main.recordKey)) },
      { pk: keys.customer('c1'), sk: keys.record(String(quote.main.recordKey)) },
    ]);
  });

  it('reads the order behind a later line from its LINE# item', async () => {
    stubTable();

    const snapshot = await new DynamoDemandStore(documentClient, TABLE).readPart('P-2');

    expect(snapshot.inputs.orders).toEqual([
      { customerId: 'c1', order: expect.objectContaining({ orderNumber: 'SO-1' }) },
    ]);
  });
});
