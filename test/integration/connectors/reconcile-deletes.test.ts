import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlimitedTimeBudget } from '../../../connectors/kit/time-budget.ts';
import { storeRecordKey } from './expectations.ts';
import { type Harness, startHarness } from './harness.ts';

describe('delete reconciliation for a source without delete markers (Windchill parts)', () => {
  let h: Harness;
  const sync = () =>
    h.service.sync({ connector: 'windchill', full: false }, { timeBudget: unlimitedTimeBudget });
  beforeAll(async () => {
    h = await startHarness({
      only: 'windchill',
      reconcile: true,
      sandbox: { scale: 5, pageSizes: { windchill: 8 } },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('tombstones the records the source deleted once the reconciliation interval has passed', async () => {
    await sync();
    const removed = h.sandbox.faults.windchill.inject({ kind: 'deleteRows', stream: 'Parts', count: 2 });
    const soon = await sync();
    await h.clock.sleep(2 * 3_600_000);

    const later = await sync();
    const stored = await h.storedRecords();

    expect(removed).toHaveLength(2);
    expect(soon.streams[0]?.recordsDeleted).toBe(0);
    expect(later.streams[0]?.recordsDeleted).toBe(2);
    for (const key of removed)
      expect(stored.get(storeRecordKey('product', 'windchill', 'parts', key))?.deleted).toBe(true);
    const live = [...stored].filter(([k, v]) => k.startsWith('product#windchill#parts#') && !v.deleted);
    expect(live.length).toBe(h.sandbox.truth().windchill.Parts.length);
  });
});
