import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCustomerStore,
  type DynamoCustomerStore,
} from '../../../app/customer-store/create-customer-store.ts';
import { email, erp, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { viewProjectorFor } from '../../support/project-views.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

/**
 * A customer whose 360 partition spans several Query pages must still show everything. DynamoDB cuts a
 * page at 1 MB; here every Query the store sends is capped at a few items (a middleware on the client,
 * the store's code unchanged), so a partition of a couple of dozen items takes many pages.
 */
const PAGE_ITEMS = 4;
const ORDERS = 15;
let table: TestTable;
let store: DynamoCustomerStore;
let customerId: string;
let pagedClient: DynamoDBDocumentClient;

/** The table's document client with every Query's page limited to `limit` items. */
const smallPagesClient = (client: TestTable['client'], limit: number) => {
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'QueryCommand') {
        const input = args.input as { Limit?: number };
        input.Limit = Math.min(input.Limit ?? limit, limit);
      }
      return next(args);
    },
    { step: 'initialize', name: 'smallQueryPages' },
  );
  return doc;
};

beforeAll(async () => {
  table = await createTestTable('pages360');
  pagedClient = smallPagesClient(table.client, PAGE_ITEMS);
  store = createCustomerStore({ tableName: table.tableName, documentClient: pagedClient });
  const orders = Array.from({ length: ORDERS }, (_, i) =>
    exampleOrder({ key: `o${String(i).padStart(2, '0')}`, version: '1' }, [erp('77')], {
      orderedAt: `2026-02-${String(i + 1).padStart(2, '0')}T10:00:00Z`,
    }),
  );
  await store.ingest([
    exampleCustomer({ key: 'c77', version: '1' }, [erp('77'), email('pages@x.de')]),
    ...orders,
  ]);
  const found = await store.findCustomerByIdentifier('erp', '77', 'sap-s4');
  if (!found) throw new Error('the customer of ERP 77 was not created');
  customerId = found.customerId;
}, 120_000);
afterAll(async () => {
  await table.drop();
});

describe('customer-360 read of a partition larger than one Query page (DynamoDB Local)', () => {
  it('shows every order of a customer whose partition takes several pages, having read more than one page', async () => {
    const result = await store.getCustomer360(customerId);

    expect(result.kind).toBe('found');
    if (result.kind !== 'found') return;
    expect(result.requests).toBeGreaterThan(1);
    expect(result.view.orders).toHaveLength(ORDERS);
    expect(result.view.orders.map((o) => o.source.key).sort()).toEqual(
      Array.from({ length: ORDERS }, (_, i) => `o${String(i).padStart(2, '0')}`),
    );
  });

  it('exports every order and the identifiers of a customer whose partition takes several pages', async () => {
    const exported = await store.exportCustomer(customerId);

    expect(exported?.view.orders).toHaveLength(ORDERS);
    expect(JSON.stringify(exported?.view)).toContain('pages@x.de');
  });

  it("builds the customer's view page by page from a partition that takes many pages", async () => {
    // prepare: the projector reads through the same four-item pages (the cap is on the table's client)
    const { projector, catchUp } = viewProjectorFor(table);

    // act
    await catchUp();
    const view = await projector.views.readView(customerId);

    // assert: every order counted, the newest kept, the head built from the profile
    expect(view?.records.order.count).toBe(ORDERS);
    expect(view?.records.order.lists.recent?.entries.map((e) => e.recordKey).at(0)).toContain('o14');
    expect(view?.head.basis?.status).toBe('active');
  }, 120_000);
});
