import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDemandStore } from '../../../adapters/dynamodb/demand-store.ts';
import {
  createCustomerStore,
  type DynamoCustomerStore,
} from '../../../app/customer-store/create-customer-store.ts';
import { decidePartSignal } from '../../../core/demand/decide-part-signal.ts';
import type { SignalChange } from '../../../core/ports/demand-store.ts';
import { DEFAULT_DEMAND_CONFIG } from '../../../schemas/config/demand-config.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import {
  erp,
  exampleCustomer,
  exampleInventory,
  exampleOrder,
  exampleProduct,
  exampleWebActivity,
  webUser,
} from '../../../schemas/entities/examples.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

const NOW = new Date('2026-03-02T10:00:00Z');
const V = '2026-03-01T00:00:00Z';

let table: TestTable;
let store: DynamoCustomerStore;
let demand: DynamoDemandStore;

const shipment = (key: string, orderNumber: string, quantity: number): CanonicalRecordInput =>
  ({
    entity: 'shipment',
    source: { system: 'fusion-scm', stream: 'shipments', key, version: V },
    identifiers: [erp('1000')],
    data: {
      shipmentNumber: key,
      orderNumber,
      status: 'shipped',
      promisedDate: '2026-03-04',
      lines: [{ partNumber: 'P-100', quantity }],
    },
  }) as CanonicalRecordInput;

beforeAll(async () => {
  table = await createTestTable('demand');
  store = createCustomerStore({
    tableName: table.tableName,
    documentClient: table.documentClient,
    baseDelayMs: 1,
  });
  demand = new DynamoDemandStore(table.documentClient, table.tableName);
  const line = (partNumber: string, quantity: number) => ({ lines: [{ partNumber, quantity }] });
  await store.ingest([
    exampleCustomer({ key: '1000', version: V }, [erp('1000'), webUser('u-1')]),
    exampleProduct({ key: 'P-100', version: V }, { partNumber: 'P-100' }),
    exampleOrder({ key: 'SO-OPEN', version: V }, [erp('1000')], {
      status: 'confirmed',
      ...line('P-100', 10),
    }),
    exampleOrder({ key: 'SO-DONE', version: V }, [erp('1000')], {
      status: 'delivered',
      ...line('P-100', 99),
    }),
    exampleOrder({ key: 'Q-1', version: V }, [erp('1000')], { status: 'quote', ...line('P-100', 20) }),
    exampleOrder({ key: 'SO-OTHER', version: V }, [erp('1000')], { status: 'open', ...line('P-900', 5) }),
    shipment('SH-1', 'SO-OPEN', 4),
    exampleWebActivity({ key: 'w-1', version: V }, [webUser('u-1')], {
      partNumber: 'P-100',
      kind: 'cartAdd',
    }),
    exampleInventory({ key: 'P-100-MUC', version: V }, { partNumber: 'P-100', site: 'MUC', onHand: 3 }),
    exampleInventory({ key: 'P-100-CHI', version: V }, { partNumber: 'P-100', site: 'CHI', onHand: 2 }),
  ]);
});
afterAll(async () => table.drop());

describe('demand store on DynamoDB Local', () => {
  it("reads a part's open orders and quotes, the customers' shipments, web interest and stock at every site", async () => {
    const snapshot = await demand.readPart('P-100');

    expect(snapshot.inputs.orders.map((o) => [o.order.orderNumber, o.order.status]).sort()).toEqual([
      ['Q-1', 'quote'],
      ['SO-OPEN', 'confirmed'],
    ]);
    expect(snapshot.inputs.shipments.map((s) => [s.shipmentNumber, s.orderNumber])).toEqual([
      ['SH-1', 'SO-OPEN'],
    ]);
    expect(snapshot.inputs.webInterest.map((w) => [w.eventId, w.kind, w.partNumber])).toEqual([
      ['w-1', 'cartAdd', 'P-100'],
    ]);
    expect(snapshot.inventory.map((i) => [i.site, i.onHand]).sort()).toEqual([
      ['CHI', 2],
      ['MUC', 3],
    ]);
    expect(snapshot.signal).toBeUndefined();
  });

  it('reads nothing for a part nobody ordered or stocks', async () => {
    const snapshot = await demand.readPart('P-404');

    expect(snapshot).toEqual({
      partNumber: 'P-404',
      known: false,
      inputs: { orders: [], shipments: [], webInterest: [] },
      inventory: [],
      signal: undefined,
    });
  });

  it('saves a raised signal once: a second save decided on the same (absent) state is a conflict', async () => {
    const decision = decidePartSignal(await demand.readPart('P-100'), DEFAULT_DEMAND_CONFIG, NOW);
    if (decision.action === 'none') throw new Error('expected P-100 to be short');

    const first = await demand.saveSignal('P-100', undefined, decision as SignalChange);
    const second = await demand.saveSignal('P-100', undefined, decision as SignalChange);
    const stored = (await demand.readPart('P-100')).signal;

    expect([decision.action, first, second]).toEqual(['raise', 'saved', 'conflict']);
    expect(stored).toMatchObject({ signalKey: decision.detail.signalKey, revision: decision.next.revision });
  });

  it('saves the next state only on the revision it was decided on', async () => {
    await store.ingest([
      exampleInventory(
        { key: 'P-100-MUC', version: '2026-03-02T00:00:00Z' },
        { partNumber: 'P-100', site: 'MUC', onHand: 500 },
      ),
    ]);
    const snapshot = await demand.readPart('P-100');
    const withdraw = decidePartSignal(snapshot, DEFAULT_DEMAND_CONFIG, NOW);
    if (withdraw.action === 'none') throw new Error('expected the resolved shortage to be withdrawn');
    const stale = snapshot.signal
      ? { ...snapshot.signal, revision: snapshot.signal.revision - 1 }
      : undefined;

    const onStale = await demand.saveSignal('P-100', stale, withdraw as SignalChange);
    const onCurrent = await demand.saveSignal('P-100', snapshot.signal, withdraw as SignalChange);

    expect([withdraw.action, onStale, onCurrent]).toEqual(['withdraw', 'conflict', 'saved']);
    expect((await demand.readPart('P-100')).signal?.revision).toBe(withdraw.next.revision);
  });

  it('reads an order the recompute was told of although the part index does not list it yet', async () => {
    await store.ingest([
      exampleOrder({ key: 'SO-LAG', version: V }, [erp('1000')], {
        lines: [{ partNumber: 'P-700', quantity: 4 }],
      }),
    ]);
    const item = await storedOrder('SO-LAG');
    // On AWS the index may trail the table: the order is written, its index entry not yet.
    await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: 'REMOVE gsi1pk, gsi1sk',
      }),
    );

    const unaware = await demand.readPart('P-700');
    const told = await demand.readPart('P-700', [item]);

    expect(unaware.inputs.orders).toEqual([]);
    expect(told.inputs.orders.map((o) => [o.customerId, o.order.orderNumber])).toEqual([
      [item.customerId, 'SO-LAG'],
    ]);
  });

  it('reads a told order once when the index lists it too', async () => {
    const told = await demand.readPart('P-100', [await storedOrder('SO-OPEN')]);

    expect(told.inputs.orders.map((o) => o.order.orderNumber).sort()).toEqual(['Q-1', 'SO-OPEN']);
  });
});

/** The stored item of an order, found by its number. */
const storedOrder = async (orderNumber: string) => {
  const scanned = await table.documentClient.send(
    new ScanCommand({
      TableName: table.tableName,
      FilterExpression: 'entity = :order AND #data.orderNumber = :number',
      ExpressionAttributeNames: { '#data': 'data' },
      ExpressionAttributeValues: { ':order': 'order', ':number': orderNumber },
    }),
  );
  const item = scanned.Items?.[0];
  if (!item) throw new Error(`order ${orderNumber} is not stored`);
  return {
    pk: String(item.pk),
    sk: String(item.sk),
    customerId: String(item.customerId),
    recordKey: String(item.recordKey),
  };
};
