import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { repositoryRoot, startLocalHub } from '../../infra/local/runtime.ts';
import { LocalSettingsSchema } from '../../infra/local/settings.ts';
import { hubTopology } from '../../infra/topology/index.ts';
import { type BenchOptions, type BenchSection, parseBenchOptions } from './bench-options.ts';
import { measureFreshness } from './freshness/measure-freshness.ts';
import { measureFunctions } from './functions/measure-functions.ts';
import { measureConnectorIngestion } from './ingestion/connector-ingestion.ts';
import { measureIngestion } from './ingestion/measure-ingestion.ts';
import { measureMatcher } from './matcher/measure-matcher.ts';
import { measureQuery } from './query/measure-query.ts';
import { renderConsoleReport } from './report/console-report.ts';
import { describeMachine } from './report/machine.ts';
import { renderMarkdownReport } from './report/markdown-report.ts';
import type { BenchResults, SectionOutcome } from './report/results.ts';

// The SDK warns once per process on Node 20; the figures are what matters here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const skipped = { status: 'missing', reason: 'not selected (--only)' } as const;

/** Runs a section; an exception is reported as a crash of that section, never as a figure. */
const runSection = async <T>(
  options: BenchOptions,
  section: BenchSection,
  measure: () => Promise<T>,
): Promise<SectionOutcome<T>> => {
  if (!options.sections.includes(section)) return skipped;
  process.stderr.write(`bench: ${section}...\n`);
  try {
    return { status: 'measured', result: await measure() };
  } catch (err: unknown) {
    return { status: 'crashed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
};

const main = async () => {
  const options = parseBenchOptions(process.argv.slice(2));
  const { sizes } = options;
  const started = performance.now();
  const machine = describeMachine(repositoryRoot);
  const workDir = mkdtempSync(join(tmpdir(), 'hub360-bench-'));
  try {
    // Bundling first, while no DynamoDB Local competes for the CPU.
    const functions = await runSection(options, 'functions', () =>
      measureFunctions({ topology: hubTopology, coldLoadRuns: sizes.coldLoadRuns, largestInputs: 8 }),
    );

    let ingestion: BenchResults['ingestion'] = skipped;
    let query: BenchResults['query'] = skipped;
    if (options.sections.includes('ingestion') || options.sections.includes('query')) {
      // The hub without sources: its DynamoDB Local is the store every throughput figure is taken on.
      const hub = await startLocalHub({
        settings: LocalSettingsSchema.parse({
          dataDir: join(workDir, 'hub'),
          apiPort: 0,
          busPort: 0,
          storePort: 0,
          fresh: true,
          logLevel: 'SILENT',
        }),
        topology: hubTopology,
      });
      try {
        ingestion = await runSection(options, 'ingestion', async () => {
          const result = await measureIngestion({
            storeEndpoint: hub.info.storeEndpoint,
            records: sizes.ingestRecords,
            pageSize: sizes.pageSize,
            rawConcurrency: sizes.rawConcurrency,
          });
          const connector = await runSection(options, 'ingestion', () =>
            measureConnectorIngestion({
              storeEndpoint: hub.info.storeEndpoint,
              connector: 'sap-s4',
              sandboxCustomers: sizes.connectorCustomers,
              workDir: join(workDir, 'connector'),
              rawPerSecond: result.raw.perSecond,
            }),
          );
          return { ...result, connector };
        });
        query = await runSection(options, 'query', async () =>
          measureQuery({
            apiUrl: hub.info.apiUrl,
            storeEndpoint: hub.info.storeEndpoint,
            tableName: hub.info.tableName,
            token: await hub.mintToken(['customers:read']),
            records: sizes.queryRecords,
            warmupRounds: sizes.queryWarmupRounds,
            rounds: sizes.queryRounds,
            settle: async () => {
              await hub.settle();
              await new Promise((r) => setTimeout(r, 2_000));
              await hub.settle();
            },
          }),
        );
      } finally {
        await hub.stop();
      }
    }

    const freshness = await runSection(options, 'freshness', () =>
      measureFreshness({
        topology: hubTopology,
        dataDir: join(workDir, 'freshness'),
        samples: sizes.freshnessSamples,
        sandboxCustomers: sizes.freshnessCustomers,
        timeoutMs: 30_000,
      }),
    );

    const matcher = await runSection(options, 'matcher', async () =>
      measureMatcher({
        ruleCounts: [100, 1_000],
        events: 1_000,
        secondsPerRun: options.mode === 'quick' ? 0.2 : 1,
      }),
    );

    const results: BenchResults = {
      mode: options.mode,
      totalSeconds: (performance.now() - started) / 1000,
      machine,
      ingestion,
      query,
      functions,
      freshness,
      matcher,
      matcherEventsPerSecond:
        matcher.status === 'measured'
          ? (matcher.result.runs.find((r) => r.workload === 'mixed' && r.rules === 1_000)
              ?.compiledEventsPerSecond ?? null)
          : null,
    };
    console.log(renderConsoleReport(results));
    if (options.write) {
      const resultsFile = join(repositoryRoot, 'test/bench/results.json');
      writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
      writeFileSync(join(repositoryRoot, 'docs/benchmarks.md'), renderMarkdownReport(results));
      // Biome lints the repository's JSON too; let it lay the file out so `npm run lint` stays clean.
      spawnSync(
        process.execPath,
        [join(repositoryRoot, 'node_modules/@biomejs/biome/bin/biome'), 'format', '--write', resultsFile],
        {
          stdio: 'ignore',
        },
      );
      console.log('\nwrote test/bench/results.json and docs/benchmarks.md');
    }
    // A budget miss is reported, not failed on: these machines are shared and noisy.
    const crashed = [ingestion, query, functions, freshness, matcher].some((s) => s.status === 'crashed');
    process.exitCode = crashed ? 1 : 0;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
};

await main();
