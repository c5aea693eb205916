import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LatestResultsSchema } from '../../bench/report/latest.ts';
import { README_BLOCK_END, README_BLOCK_START } from '../../bench/report/readme-block.ts';
import {
  BENCHMARKS_DOC_PATH,
  LATEST_RESULTS_PATH,
  writeBenchReport,
} from '../../bench/report/write-report.ts';
import { fixtureResults } from './bench-fixture.ts';

describe('writeBenchReport', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const writeFixture = () => {
    const root = mkdtempSync(join(tmpdir(), 'bench-report-'));
    dirs.push(root);
    writeBenchReport(root, fixtureResults());
    return {
      json: JSON.parse(readFileSync(join(root, LATEST_RESULTS_PATH), 'utf8')) as unknown,
      doc: readFileSync(join(root, BENCHMARKS_DOC_PATH), 'utf8'),
    };
  };

  it('writes a latest.json that its schema accepts, with the headline figures taken from the results', () => {
    // Prepare and act
    const { json } = writeFixture();

    // Assert
    const latest = LatestResultsSchema.parse(json);
    expect(latest).toMatchObject({
      quick: false,
      sizing: 'custom',
      commit: 'abc1234',
      ingestionRecords: 10_000,
      ingestionRatio: 0.6,
      newCustomerRatio: 0.05,
      connectorRatio: null,
      wcuPerRecord: 2,
      wcuDataFloorPerRecord: 2.5,
      apiP99Ratio: 3,
      matcherEventsPerSecond: 250_000,
      bundlesWithUnusedCode: 1,
      heavyCustomerReadQueries: 12,
      heavyCustomerReadKB: 9_000,
      heavyCustomerP99Ratio: 80,
      insightsItemsPerChange: 0.25,
      demandWcuPerChange: 0.2,
      conditionalWriteRatio: 0.25,
      streamDecayRatio: 0.2,
      initialLoadLost: null,
    });
    expect(latest.freshnessP95OverPollSeconds).toBeCloseTo(1.5);
    expect(latest.sizes.heavyWebEvents).toBe(20_000);
  });

  it('keeps a missed budget in the budget list as FAIL and a crashed section as not measured with its error', () => {
    // Prepare and act
    const latest = LatestResultsSchema.parse(writeFixture().json);

    // Assert
    const wcu = latest.budgets.find((b) => b.budget === '≤ 2.5 WCU per record over the mix');
    expect(wcu?.result).toBe('PASS');
    const heavy = latest.budgets.find((b) => b.budget === 'heavy customer 360 read: 1 Query');
    expect(heavy).toMatchObject({ result: 'FAIL', measured: '12 Query calls' });
    const load = latest.budgets.find((b) => b.area === 'initial load');
    expect(load).toMatchObject({
      result: 'not measured',
      measured: 'CRASHED: Error: initial load: streams failed: sales-orders',
    });
  });

  it('generates docs/benchmarks.md from the same figures, naming the machine and the sizes', () => {
    // Prepare and act
    const { doc } = writeFixture();

    // Assert
    expect(doc).toContain('commit `abc1234`');
    expect(doc).toContain('| heavyCustomerReadQueries | 12 |');
    expect(doc).toContain('| heavy customer orders + web events | 1,000 + 20,000 | 10,000 + 200,000 |');
    expect(doc).toMatch(/\| API \| API p99 ≤ 2 × raw Query p99 at 32 clients \| 3\.00 × \| FAIL \|/);
    expect(doc).toContain(
      'one read: found, from its view (viewBehind); 2 requests (2 Query), 507 items,\n240.5 KiB',
    );
  });

  it('shows what the ingested records left in the store, the data apart from the bookkeeping', () => {
    // Prepare and act
    const { doc, json } = writeFixture();

    // Assert
    expect(doc).toContain('| record items (data) | 1.00 | 1.50 | 2.50 |');
    expect(doc).toContain('| record locators | 1.00 | 0.00 | 1.00 |');
    expect(doc).toContain('| the data alone: 1 WCU per index entry, a line as its entry |  |  | 2.50 |');
    const wcu = LatestResultsSchema.parse(json).budgets.find((b) => b.area === 'write cost');
    expect(wcu?.measured).toContain('the data alone, written once without bookkeeping: 2.50 WCU');
  });

  it("bounds a conditional write path by DynamoDB Local's price of a conditional item, from the same run", () => {
    // Prepare and act
    const { doc } = writeFixture();

    // Assert: 0.25 raw items per conditional item, 2 items per ingested record
    expect(doc).toContain('an item written with a condition costs 4.0 raw items here');
    expect(doc).toContain("ingestion mix's 2.00 items per record that way cannot pass\n0.13 × raw");
    expect(doc).toContain('after 20,000 more items were written into another table with a stream\n(0.20 ×)');
  });
});

describe('the README bench block', () => {
  it('is replaced between its markers with the headline figures and nothing else of the README changes', () => {
    // Prepare
    const root = mkdtempSync(join(tmpdir(), 'bench-readme-'));
    const before = `# hub360\n\nintro\n\n${README_BLOCK_START}\nold figures\n${README_BLOCK_END}\n\n## Tests\n`;
    writeFileSync(join(root, 'README.md'), before);

    // Act
    writeBenchReport(root, fixtureResults());

    // Assert
    const after = readFileSync(join(root, 'README.md'), 'utf8');
    rmSync(root, { recursive: true, force: true });
    expect(after.startsWith('# hub360\n\nintro\n\n')).toBe(true);
    expect(after.endsWith(`${README_BLOCK_END}\n\n## Tests\n`)).toBe(true);
    expect(after).not.toContain('old figures');
    expect(after).toContain(
      '| heavy customer 360 read: 1 Query, ≤ 64 KB, p99 ≤ 2 × raw | 12 Query, 9000.0 KiB, 80.0 × | FAIL |',
    );
  });
});
