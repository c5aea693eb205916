import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoSegmentIndex } from '../../../adapters/dynamodb/segment-index.ts';
import {
  createCustomerStore,
  type DynamoCustomerStore,
} from '../../../app/customer-store/create-customer-store.ts';
import { recomputeCustomerInsights } from '../../../app/insights/recompute-insights.ts';
import { keys } from '../../../core/items/keys.ts';
import { defaultInsightsConfig } from '../../../schemas/config/insights-config.ts';
import {
  email,
  erp,
  exampleCustomer,
  exampleInteraction,
  exampleOrder,
  phone,
} from '../../../schemas/entities/examples.ts';
import { viewProjectorFor } from '../../support/project-views.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

let table: TestTable;
let store: DynamoCustomerStore;
const NOW = '2026-03-01T00:00:00.000Z';

beforeAll(async () => {
  table = await createTestTable('insights');
  store = createCustomerStore({
    tableName: table.tableName,
    documentClient: table.documentClient,
    baseDelayMs: 1,
  });
});
afterAll(async () => table.drop());

const deps = () => ({ backend: store.backend, config: defaultInsightsConfig, now: () => NOW });
const ownerOf = async (type: 'erp', value: string, scope: string) =>
  (await store.findCustomerByIdentifier(type, value, scope))?.customerId ?? '';
const insightItems = async (customerId: string) =>
  (await store.backend.readPartition(keys.customer(customerId))).filter((i) => i.sk.startsWith('INSIGHTS'));

describe('insights recompute against DynamoDB Local', () => {
  it('ends in one consistent state under concurrent recomputes and a redelivery, and the 360 view still costs one Query', async () => {
    // prepare
    await store.ingest([
      exampleCustomer({ key: '700', version: '1' }, [erp('700')], { name: 'Ada' }),
      exampleOrder({ key: 'SO-700', version: '1' }, [erp('700')], { orderedAt: '2026-02-10T00:00:00Z' }),
    ]);
    const id = await ownerOf('erp', '700', 'sap-s4');
    // act: three recomputes race, then the stream delivers the same change again
    const raced = await Promise.all(
      [1, 2, 3].map(() => recomputeCustomerInsights(deps(), id, { rfmBoundaries: null })),
    );
    const redelivered = await recomputeCustomerInsights(deps(), id, { rfmBoundaries: null });
    // The 360 read is one Query once the stream has brought the customer's view up to date.
    await viewProjectorFor(table).catchUp();
    const read = await store.getCustomer360(id);
    // assert
    expect(raced.filter((r) => r.outcome === 'written')).toHaveLength(1);
    expect(redelivered.outcome).toBe('unchanged');
    const items = await insightItems(id);
    expect(items.find((i) => i.sk === keys.insights)?.version).toBe(1);
    const members = await createDynamoSegmentIndex(table.documentClient, table.tableName).members(
      'lifecycle:first-time',
      10,
    );
    expect(members.members.map((m) => m.customerId)).toContain(id);
    expect(read.kind).toBe('found');
    expect(read.requests).toBe(1);
    if (read.kind === 'found') expect(read.view.insights?.lifecycle.stage).toBe('firstTime');
  });

  it('moves insights on a merge: the merged-away customer leaves its segments, the survivor is re-evaluated', async () => {
    // prepare: two customers with insights
    await store.ingest([
      exampleCustomer({ key: '800', version: '1' }, [erp('800'), email('grace@example.com')], {
        name: 'Grace',
      }),
      exampleCustomer(
        { key: 'C8', system: 'bc-eu', version: '1' },
        [erp('C8', 'bc-eu'), phone('+49 89 7654321')],
        {
          name: 'Grace BC',
        },
      ),
      exampleOrder({ key: 'SO-800', version: '1' }, [erp('800')], { orderedAt: '2026-02-01T00:00:00Z' }),
      exampleOrder({ key: 'SO-C8', system: 'bc-eu', version: '1' }, [erp('C8', 'bc-eu')], {
        orderedAt: '2026-02-15T00:00:00Z',
      }),
    ]);
    const a = await ownerOf('erp', '800', 'sap-s4');
    const b = await ownerOf('erp', 'C8', 'bc-eu');
    await recomputeCustomerInsights(deps(), a, { rfmBoundaries: null });
    await recomputeCustomerInsights(deps(), b, { rfmBoundaries: null });
    // act: a contact carries both identifiers, the store merges them; the stream then asks for both recomputes
    await store.ingest([
      exampleInteraction({ key: 'CALL-8', version: '1' }, [
        email('grace@example.com'),
        phone('+49 89 7654321'),
      ]),
    ]);
    const survivor = await ownerOf('erp', '800', 'sap-s4');
    const absorbed = survivor === a ? b : a;
    await recomputeCustomerInsights(deps(), absorbed, { rfmBoundaries: null });
    await recomputeCustomerInsights(deps(), survivor, { rfmBoundaries: null });
    // assert
    expect(await ownerOf('erp', 'C8', 'bc-eu')).toBe(survivor);
    expect(await insightItems(absorbed)).toEqual([]);
    const read = await store.getCustomer360(survivor);
    expect(read.kind === 'found' && read.view.insights?.lifecycle.evidence).toMatchObject({ orderCount: 2 });
    const index = createDynamoSegmentIndex(table.documentClient, table.tableName);
    const everywhere = await Promise.all(
      ['lifecycle:first-time', 'lifecycle:short-term'].map(
        async (s) => (await index.members(s, 100)).members,
      ),
    );
    expect(everywhere.flat().map((m) => m.customerId)).not.toContain(absorbed);
  });
});
