import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INITIAL_LOAD_FIRST_PAGE_SIZE } from '../../../connectors/kit/sync-stream.ts';
import { unlimitedTimeBudget } from '../../../connectors/kit/time-budget.ts';
import { DeltaStateSchema } from '../../../connectors/protocols/odata/odata-delta-stream.ts';
import { connectorExpectations, storeRecordKey } from './expectations.ts';
import { type Harness, startHarness } from './harness.ts';

const PAGE = 25;
const bc = connectorExpectations.find((c) => c.connector === 'business-central');
if (!bc) throw new Error('no expectation for business-central');

/** Issue 10 item 2 / issue 14: a Business Central whose entity sets send no `@odata.deltaLink`. */
describe('Business Central without change tracking, configured like any other', () => {
  let h: Harness;
  const sync = (full = false) =>
    h.service.sync(
      { connector: 'business-central', full },
      { timeBudget: unlimitedTimeBudget, reserveMs: 0 },
    );
  const liveKeys = async (stream: string, entity: string) => {
    const prefix = storeRecordKey(entity, 'business-central', stream, '');
    return [...(await h.storedRecords())]
      .filter(([key, v]) => key.startsWith(prefix) && !v.deleted)
      .map(([key]) => key.slice(prefix.length));
  };

  beforeAll(async () => {
    h = await startHarness({
      only: 'business-central',
      sandbox: {
        scale: 150,
        pageSizes: { businessCentral: PAGE },
        variants: { businessCentralChangeTracking: false },
      },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('syncs every record the source holds and warns that it reads by timestamp from now on', {
    timeout: 240_000,
  }, async () => {
    const result = await sync();
    const truth = h.sandbox.truth();

    expect(result.failed).toEqual([]);
    for (const s of bc.streams) {
      const source = s.keys(truth);
      const stored = await liveKeys(s.stream, s.entity);
      console.info(`business-central/${s.stream}: ${stored.length} of ${source.length} synced`);
      expect(new Set(stored), s.stream).toEqual(new Set(source));
      const status = result.streams.find((st) => st.stream === s.stream);
      expect(status?.warnings?.[0]).toMatch(/sent no @odata\.deltaLink/);
    }
    expect(truth.businessCentral.customers.length).toBeGreaterThan(PAGE * 2);
  });

  it('never checkpoints past the page being committed: a crash on the last page is re-read by the rerun', async () => {
    await h.state.clearCheckpoint('business-central', 'customers');
    const customers = h.sandbox.truth().businessCentral.customers.length;
    // An initial load asks for a small first page, then full pages.
    const first = INITIAL_LOAD_FIRST_PAGE_SIZE;
    const pages = 1 + Math.ceil((customers - first) / PAGE);
    const lastPage = customers - first - (pages - 2) * PAGE;
    h.recorder.crashOnCall(pages);

    const crashed = await h.service.sync(
      { connector: 'business-central', full: false, streams: ['customers'] },
      { timeBudget: unlimitedTimeBudget, reserveMs: 0 },
    );
    const afterCrash = DeltaStateSchema.parse(
      (await h.state.loadCheckpoint('business-central', 'customers'))?.state,
    );
    const rerun = await h.service.sync(
      { connector: 'business-central', full: false, streams: ['customers'] },
      { timeBudget: unlimitedTimeBudget, reserveMs: 0 },
    );
    const afterRerun = DeltaStateSchema.parse(
      (await h.state.loadCheckpoint('business-central', 'customers'))?.state,
    );

    expect(crashed.failed).toEqual(['customers']);
    expect(afterCrash.next).toBeDefined();
    expect(afterCrash.filter).toBeUndefined();
    expect(rerun.failed).toEqual([]);
    expect(rerun.streams[0]?.recordsRead).toBe(lastPage);
    expect(afterRerun.filter?.watermark).toBeDefined();
    expect(new Set(await liveKeys('customers', 'customer'))).toEqual(
      new Set(h.sandbox.truth().businessCentral.customers.map((c) => String(c.id))),
    );
  });

  it('reads later changes with timestamp filters instead of re-reading everything', async () => {
    const before = h.sandbox.truth().businessCentral.salesOrders.length;
    for (let i = 0; i < 3; i += 1) await h.sandbox.tick();

    const result = await sync();
    const truth = h.sandbox.truth();
    const orders = new Set(await liveKeys('sales-orders', 'order'));

    expect(result.failed).toEqual([]);
    expect(result.streams.find((s) => s.stream === 'sales-orders')?.recordsRead).toBeLessThan(before);
    for (const key of bc.streams[1]?.keys(truth) ?? []) expect(orders.has(key), key).toBe(true);
  });
});
