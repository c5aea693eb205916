import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoSegmentIndex } from '../../../adapters/dynamodb/segment-index.ts';
import {
  createCustomerStore,
  type DynamoCustomerStore,
} from '../../../app/customer-store/create-customer-store.ts';
import { recomputeCustomerInsights } from '../../../app/insights/recompute-insights.ts';
import { reevaluatePopulation } from '../../../app/insights/reevaluate-population.ts';
import { mapChangeToEvents } from '../../../core/events/map-change-to-events.ts';
import { parseInsightsItem } from '../../../core/insights/store/insight-items.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { defaultInsightsConfig } from '../../../schemas/config/insights-config.ts';
import { erp, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

let table: TestTable;
let store: DynamoCustomerStore;

beforeAll(async () => {
  table = await createTestTable('insights-schedule');
  store = createCustomerStore({
    tableName: table.tableName,
    documentClient: table.documentClient,
    baseDelayMs: 1,
  });
});
afterAll(async () => table.drop());

const ORDERED = '2026-01-10T09:00:00.000Z';
const NEXT_DAY = '2026-01-11T00:00:00.000Z';
// One order: a usual interval of 120 days is assumed, so dormant after 2 × 120 = 240 idle days (≥ 180).
const DAY_239 = '2026-09-06T09:00:00.000Z';
const DAY_240 = '2026-09-07T09:00:00.000Z';

const depsAt = (now: string) => ({
  backend: store.backend,
  config: defaultInsightsConfig,
  now: () => now,
  segments: createDynamoSegmentIndex(table.documentClient, table.tableName),
});
const partition = (customerId: string) => store.backend.readPartition(keys.customer(customerId));
const insightsOf = async (customerId: string) =>
  (await partition(customerId)).find((i) => i.sk === keys.insights) as Item;

describe('scheduled insights re-evaluation against DynamoDB Local', () => {
  it('moves a customer whose clock ran out to dormant with no new source change, announces it once, and keeps it on a repeat run', async () => {
    // prepare: a first-time customer, evaluated when its order arrived
    await store.ingest([
      exampleCustomer({ key: '900', version: '1' }, [erp('900')], { companyName: 'Idle Maschinenbau GmbH' }),
      exampleOrder({ key: 'SO-900', version: '1' }, [erp('900')], { orderedAt: ORDERED }),
    ]);
    const id = (await store.findCustomerByIdentifier('erp', '900', 'sap-s4'))?.customerId ?? '';
    await recomputeCustomerInsights(depsAt(NEXT_DAY), id, { rfmBoundaries: null });
    const recordsBefore = (await partition(id)).filter((i) => i.kind === 'record').length;
    const segments = depsAt(NEXT_DAY).segments;

    // act: the daily run the day before the clock runs out, on the day it does, and that day again
    const dayBefore = await reevaluatePopulation(depsAt(DAY_239));
    const beforeMove = await insightsOf(id);
    const onTheDay = await reevaluatePopulation(depsAt(DAY_240));
    const afterMove = await insightsOf(id);
    const repeated = await reevaluatePopulation(depsAt(DAY_240));

    // assert: the move happened on day 240 only, from the clock alone, and was recorded with its evidence
    expect(parseInsightsItem(beforeMove).detail.lifecycle.stage).toBe('firstTime');
    const moved = parseInsightsItem(afterMove);
    expect(moved.detail.lifecycle.stage).toBe('dormant');
    expect(moved.changes.lifecycleTransition).toMatchObject({
      from: 'firstTime',
      to: 'dormant',
      reason: 'inactivity',
      evidence: { daysIdle: 240, thresholdDays: 240, orderNumbers: ['SO-900'] },
    });
    expect(moved.detail.lifecycle.history.map((t) => t.to)).toEqual(['firstTime', 'dormant']);
    expect((await partition(id)).filter((i) => i.kind === 'record')).toHaveLength(recordsBefore);
    const events = mapChangeToEvents({
      eventName: 'MODIFY',
      sequenceNumber: '1',
      approximateCreationDateTime: 1_788_000_000,
      keys: { pk: afterMove.pk, sk: afterMove.sk },
      newImage: afterMove,
      oldImage: beforeMove,
    });
    expect(events.filter((e) => e.detailType === 'LifecycleStageChanged')).toHaveLength(1);
    expect((await segments.members('lifecycle:dormant', 10)).members).toEqual([
      expect.objectContaining({ customerId: id, displayName: 'Idle Maschinenbau GmbH' }),
    ]);
    expect(await segments.count('lifecycle:first-time')).toBe(0);
    expect([dayBefore.customers, onTheDay.customers]).toEqual([1, 1]);
    expect(onTheDay.written).toBe(1);
    expect(repeated).toMatchObject({ customers: 1, written: 0, failed: [] });
    expect((await insightsOf(id)).version).toBe(afterMove.version);
  });
});
