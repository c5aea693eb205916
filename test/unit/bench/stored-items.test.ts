import { describe, expect, it } from 'vitest';
import { customer360Table } from '../../../adapters/dynamodb/table.ts';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import { pagesOf, syntheticSourceRecords } from '../../bench/ingestion/source-records.ts';
import { storedItemClass, storedItemsCost } from '../../bench/ingestion/stored-items.ts';
import { memoryIngestDeps } from '../../support/memory-ingest-deps.ts';

// The bench splits what an ingest stored into the data any layout must hold and the layout's bookkeeping, to
// show how far the measured WCU is from what the records themselves cost.

const indexes = customer360Table.globalIndexes;

describe('the stored items of an ingest, by kind', () => {
  it('tells the kinds apart by their keys', () => {
    expect(storedItemClass({ pk: 'CUST#c1', sk: 'REC#order#sap#orders#1' })).toBe('records');
    expect(storedItemClass({ pk: 'PRODUCT#P-1', sk: 'REC#product#pdm#parts#1' })).toBe('records');
    expect(storedItemClass({ pk: 'CUST#c1', sk: 'LINE#order#sap#orders#1#2' })).toBe('orderLines');
    expect(storedItemClass({ pk: 'ID#ab12', sk: 'OWNER' })).toBe('identifierClaims');
    expect(storedItemClass({ pk: 'SRC#order#sap#orders#1', sk: 'LOCATOR' })).toBe('locators');
    expect(storedItemClass({ pk: 'CUST#c1', sk: 'ID#email:a@b.example' })).toBe('identifierMirrors');
    expect(storedItemClass({ pk: 'CUST#c1', sk: 'PROFILE' })).toBe('profiles');
    expect(storedItemClass({ pk: 'CUST#c1', sk: 'PROFILE#VIEW#head' })).toBe('other');
    expect(storedItemClass({ pk: 'CUST#c1', sk: 'LEDGER#2026#e1' })).toBe('other');
  });

  it('prices each item once by its size and index entries, and the data floor at 1 WCU per entry, a line as its entry', async () => {
    const big = 'x'.repeat(1500); // 2 WCU
    const stored = await storedItemsCost(
      [
        {
          pk: 'CUST#c1',
          sk: 'REC#o1',
          gsi1pk: 'PART#P',
          gsi1sk: 'a',
          gsi2pk: 'TL#c1',
          gsi2sk: 'b',
          data: big,
        },
        { pk: 'CUST#c1', sk: 'LINE#o1#2', gsi1pk: 'PART#Q', gsi1sk: 'a' },
        { pk: 'ID#h', sk: 'OWNER' },
        { pk: 'SRC#o1', sk: 'LOCATOR' },
        { pk: 'CUST#c1', sk: 'PROFILE' },
      ],
      2,
      indexes,
    );

    expect(stored.classes).toEqual([
      { name: 'records', items: 1, indexEntries: 2, writeUnits: 6 },
      { name: 'orderLines', items: 1, indexEntries: 1, writeUnits: 2 },
      { name: 'identifierClaims', items: 1, indexEntries: 0, writeUnits: 1 },
      { name: 'locators', items: 1, indexEntries: 0, writeUnits: 1 },
      { name: 'profiles', items: 1, indexEntries: 0, writeUnits: 1 },
    ]);
    expect(stored.storedOnceWriteUnitsPerRecord).toBe(11 / 2);
    // record 2 + 2 entries, the line's part-index entry 1, claim 1: no locator, no profile
    expect(stored.dataFloorWriteUnitsPerRecord).toBe(6 / 2);
  });

  it("over the bench's mix: every record stored once with its locator, the data below what is stored", async () => {
    const backend = new MemoryBackend();
    const deps = memoryIngestDeps(backend);
    const records = syntheticSourceRecords(200);
    for (const page of pagesOf(records, 50)) await ingestPage(page, deps);

    const stored = await storedItemsCost(backend.items.values(), records.length, indexes);
    const items = Object.fromEntries(stored.classes.map((c) => [c.name, c.items]));

    expect(items.records).toBe(records.length);
    expect(items.locators).toBe(records.length);
    expect(items.orderLines).toBe(records.filter((r) => r.entity === 'order').length);
    expect(items.profiles).toBe(records.filter((r) => r.entity === 'customer').length);
    expect(stored.dataFloorWriteUnitsPerRecord).toBeGreaterThan(1);
    expect(stored.dataFloorWriteUnitsPerRecord).toBeLessThan(stored.storedOnceWriteUnitsPerRecord);
  });
});
