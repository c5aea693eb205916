import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDemandStore } from '../../../adapters/dynamodb/demand-store.ts';
import {
  createCustomerStore,
  type DynamoCustomerStore,
} from '../../../app/customer-store/create-customer-store.ts';
import { recomputePart } from '../../../app/demand/recompute-demand.ts';
import { reevaluateDemand } from '../../../app/demand/reevaluate-demand.ts';
import { DEFAULT_DEMAND_CONFIG } from '../../../schemas/config/demand-config.ts';
import {
  erp,
  exampleCustomer,
  exampleInventory,
  exampleOrder,
  exampleWebActivity,
  webUser,
} from '../../../schemas/entities/examples.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

// What only the passing of time changes, on DynamoDB Local: nothing is written between the recompute and the
// daily re-evaluation but the clock moves on.

let table: TestTable;
let store: DynamoCustomerStore;
let demand: DynamoDemandStore;

const at = (day: string) => new Date(`${day}T06:00:00Z`);
const watchedNames = async () => (await demand.watchedParts()).map((part) => part.partNumber);
const depsAt = (day: string) => ({ store: demand, config: DEFAULT_DEMAND_CONFIG, now: () => at(day) });

beforeAll(async () => {
  table = await createTestTable('demand-reevaluation');
  store = createCustomerStore({
    tableName: table.tableName,
    documentClient: table.documentClient,
    baseDelayMs: 1,
  });
  demand = new DynamoDemandStore(table.documentClient, table.tableName);
  // The line type of the example leaves the requested date out; the order schema has it.
  const dueLate = { partNumber: 'P-FAR', quantity: 10, requestedDeliveryDate: '2026-03-30' };
  await store.ingest([
    exampleCustomer({ key: '1000', version: '1' }, [erp('1000'), webUser('u-1')]),
    // 4 in stock, lead time 14 days; 10 ordered for 30 March.
    exampleInventory({ key: 'P-FAR-MUC', version: '1' }, { partNumber: 'P-FAR', onHand: 4 }),
    exampleOrder({ key: 'SO-FAR', version: '1' }, [erp('1000')], { lines: [dueLate] }),
    // Nothing in stock; one cart add on 2 March is 0.2 units of demand for 14 days.
    exampleInventory({ key: 'P-WEB-MUC', version: '1' }, { partNumber: 'P-WEB', onHand: 0 }),
    exampleWebActivity({ key: 'w-1', version: '1' }, [webUser('u-1')], {
      partNumber: 'P-WEB',
      kind: 'cartAdd',
      timestamp: '2026-03-02T05:00:00Z',
    }),
    // Stock covers an order due today: nothing to watch.
    exampleInventory({ key: 'P-CALM-MUC', version: '1' }, { partNumber: 'P-CALM', onHand: 0 }),
  ]);
});
afterAll(async () => table.drop());

describe('the demand re-evaluation on DynamoDB Local', () => {
  it('watches a part whose demand lies beyond the lead time, and raises its signal once the demand comes within it', async () => {
    const onOrder = await recomputePart('P-FAR', [], depsAt('2026-03-02'), 'watch');

    expect(onOrder).toEqual({ action: 'none', watch: 'watched' });
    expect(await watchedNames()).toContain('P-FAR');

    const tenDaysBefore = await reevaluateDemand(depsAt('2026-03-20'));

    expect(tenDaysBefore).toMatchObject({ raised: 1, failed: [] });
    expect((await demand.readPart('P-FAR')).signal).toMatchObject({ status: 'open', quantityShort: 6 });
  });

  it("withdraws a signal raised on web interest once the interest has left its window, and ends the part's watch", async () => {
    const raised = await recomputePart('P-WEB', [], depsAt('2026-03-02'), 'watch');
    expect(raised).toEqual({ action: 'raise', watch: 'watched' });

    // 15 days on, the cart add is outside the 14-day window.
    const run = await reevaluateDemand(depsAt('2026-03-17'));

    expect((await demand.readPart('P-WEB')).signal?.status).toBe('withdrawn');
    expect(run.withdrawn).toBeGreaterThanOrEqual(1);
    expect(run.unwatched).toBeGreaterThanOrEqual(1);
    expect(await watchedNames()).not.toContain('P-WEB');
  });

  it('keeps the watch of a part seen today, so a recompute that saw new demand after the run read it is not undone', async () => {
    await demand.watch('P-CALM', '2026-03-18');

    const sameDay = await recomputePart('P-CALM', [], depsAt('2026-03-18'), 'unwatch');
    const nextDay = await recomputePart('P-CALM', [], depsAt('2026-03-19'), 'unwatch');

    expect([sameDay.watch, nextDay.watch]).toEqual(['unchanged', 'unwatched']);
    expect(await watchedNames()).not.toContain('P-CALM');
  });

  it('ends a watch only if no recompute has seen the part since it was read', async () => {
    await demand.watch('P-CALM', '2026-03-20');

    const stale = await demand.unwatch('P-CALM', '2026-03-19');
    const current = await demand.unwatch('P-CALM', '2026-03-20');

    expect([stale, current]).toEqual(['kept', 'removed']);
  });

  it('watches those of the parts history names that are not watched yet, in one batched read', async () => {
    await demand.watch('P-SEEN', '2026-03-01');

    const marked = await demand.watchUnwatched(['P-SEEN', 'P-LOADED-1', 'P-LOADED-2'], '2026-03-02');

    expect(marked).toBe(2);
    expect(await watchedNames()).toEqual(expect.arrayContaining(['P-SEEN', 'P-LOADED-1', 'P-LOADED-2']));
    expect((await demand.readPart('P-SEEN')).watchedOn).toBe('2026-03-01');
  });

  it('runs again within the day only for what is left: parts decided today stay alone, parts watched since are taken', async () => {
    const first = await reevaluateDemand(depsAt('2026-03-25'));
    // A backfill names a new part after the first run; the recompute dates its watch the day before.
    await demand.watchUnwatched(['P-LATE-LOAD'], '2026-03-24');
    const second = await reevaluateDemand(depsAt('2026-03-25'));

    // P-FAR (decided 20 March) and the parts history named on 1 and 2 March were a whole day behind.
    expect(first).toMatchObject({ parts: 4, upToDate: 0, overdue: 4, failed: [] });
    expect(second).toMatchObject({ parts: 1, upToDate: 1, overdue: 0, unwatched: 1, failed: [] });
    expect(await demand.watchedParts()).toEqual([{ partNumber: 'P-FAR', seenOn: '2026-03-25' }]);
  });
});
