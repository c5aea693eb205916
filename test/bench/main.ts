import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as z from 'zod';
import { repositoryRoot, startLocalHub } from '../../infra/local/runtime.ts';
import { LocalSettingsSchema } from '../../infra/local/settings.ts';
import { hubTopology } from '../../infra/topology/index.ts';
import { ConfigError } from '../../schemas/config/parse-config.ts';
import { measureApi } from './api/measure-api.ts';
import {
  BENCH_USAGE,
  type BenchOptions,
  type BenchSection,
  parseBenchOptions,
  wantsBenchHelp,
} from './bench-options.ts';
import { measureConnector } from './connector/measure-connector.ts';
import { measureInitialLoad } from './connector/measure-initial-load.ts';
import { measureFreshness } from './freshness/measure-freshness.ts';
import { measureFunctions } from './functions/measure-functions.ts';
import { measureHeavyCustomer } from './heavy/measure-heavy-customer.ts';
import { type IngestionPhases, measureIngestionPhases } from './ingestion/measure-ingestion.ts';
import { MatcherResultSchema, measureMatcher } from './matcher/measure-matcher.ts';
import { renderConsoleReport } from './report/console-report.ts';
import { buildLatestResults } from './report/latest.ts';
import { describeMachine } from './report/machine.ts';
import {
  ApiResultSchema,
  type BenchResults,
  ConnectorPhaseSchema,
  FreshnessResultSchema,
  FunctionsResultSchema,
  HeavyCustomerSchema,
  IngestionPhaseSchema,
  InitialLoadSchema,
  InsightsCostSchema,
  type SectionOutcome,
  ThroughputPhaseSchema,
  WriteShapesResultSchema,
} from './report/results.ts';
import { BENCHMARKS_DOC_PATH, LATEST_RESULTS_PATH, writeBenchReport } from './report/write-report.ts';
import { measureWriteShapes } from './store/measure-write-shapes.ts';

// The SDK warns once per process on Node 20; the figures are what matters here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const skipped = { status: 'missing', reason: 'not selected (--only)' } as const;
const errorText = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));

/**
 * Runs a section; an exception is reported as a crash of that section, never as a figure. A result that
 * does not fit its schema (a NaN from an empty sample, say) is a crash too, naming the field.
 */
const runSection = async <S extends z.ZodType>(
  options: BenchOptions,
  section: BenchSection,
  schema: S,
  measure: () => Promise<z.infer<S>>,
): Promise<SectionOutcome<z.infer<S>>> => {
  if (!options.sections.includes(section)) return skipped;
  const started = performance.now();
  process.stderr.write(`bench: ${section}...\n`);
  try {
    const parsed = schema.safeParse(await measure());
    process.stderr.write(
      `bench: ${section} done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
    );
    if (parsed.success) return { status: 'measured', result: parsed.data };
    return { status: 'crashed', error: `result does not fit its schema: ${parsed.error.message}` };
  } catch (err: unknown) {
    process.stderr.write(`bench: ${section} crashed: ${errorText(err)}\n`);
    return { status: 'crashed', error: errorText(err) };
  }
};

/** The three outcomes of the ingestion run, from one measurement (they share a DynamoDB Local). */
const splitIngestion = (outcome: SectionOutcome<IngestionPhases>) => {
  const part = <K extends keyof IngestionPhases>(key: K): SectionOutcome<IngestionPhases[K]> =>
    outcome.status === 'measured' ? { status: 'measured', result: outcome.result[key] } : outcome;
  return { ingestion: part('ingestion'), newCustomers: part('newCustomers'), insights: part('insights') };
};

/** Starts the local hub; once more if its DynamoDB Local did not answer in time (a loaded machine). */
const startHubForApi = async (
  workDir: string,
  attempt = 1,
): Promise<Awaited<ReturnType<typeof startLocalHub>>> => {
  try {
    return await startLocalHub({
      settings: LocalSettingsSchema.parse({
        dataDir: join(workDir, `hub-${attempt}`),
        apiPort: 0,
        busPort: 0,
        storePort: 0,
        fresh: true,
        logLevel: 'SILENT',
      }),
      topology: hubTopology,
    });
  } catch (err: unknown) {
    if (attempt >= 2 || !String(err).includes('did not answer')) throw err;
    process.stderr.write(`bench: the hub did not start (${String(err).split('\n')[0]}); starting it again\n`);
    return startHubForApi(workDir, attempt + 1);
  }
};

const measureApiOnHub = async (options: BenchOptions, workDir: string) => {
  const hub = await startHubForApi(workDir);
  try {
    return await measureApi({
      apiUrl: hub.info.apiUrl,
      storeEndpoint: hub.info.storeEndpoint,
      tableName: hub.info.tableName,
      token: await hub.mintToken(['customers:read']),
      customers: options.sizes.apiCustomers,
      requestsPerLevel: options.sizes.apiRequestsPerLevel,
      clients: [1, 8, 32],
      pageSize: options.sizes.pageSize,
      settle: () => hub.settle(),
    });
  } finally {
    await hub.stop();
  }
};

const main = async () => {
  const argv = process.argv.slice(2);
  if (wantsBenchHelp(argv)) {
    console.log(BENCH_USAGE);
    return;
  }
  let options: ReturnType<typeof parseBenchOptions>;
  try {
    options = parseBenchOptions(argv);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${error.message}\n(npm run bench -- --help lists the options)`);
    process.exitCode = 2;
    return;
  }
  const { sizes } = options;
  const started = performance.now();
  const machine = describeMachine(repositoryRoot);
  const workDir = mkdtempSync(join(tmpdir(), 'hub360-bench-'));
  try {
    // Bundling first, while no DynamoDB Local competes for the CPU.
    const functions = await runSection(options, 'functions', FunctionsResultSchema, () =>
      measureFunctions({ coldLoadRuns: sizes.coldLoadRuns, largestInputs: 8 }),
    );
    const matcher = await runSection(options, 'matcher', MatcherResultSchema, async () =>
      measureMatcher({ ruleCounts: [100, 1_000], events: 1_000, secondsPerRun: sizes.matcherSecondsPerRun }),
    );
    const writeShapes = await runSection(options, 'write-shapes', WriteShapesResultSchema, () =>
      measureWriteShapes({
        items: sizes.shapeItems,
        streamRecordsBetween: sizes.shapeStreamRecordsBetween,
        warmupItems: sizes.warmupItems,
      }),
    );
    const ingestionOutcome: SectionOutcome<IngestionPhases> = options.sections.includes('ingestion')
      ? await (async () => {
          process.stderr.write('bench: ingestion...\n');
          try {
            const phases = await measureIngestionPhases(sizes);
            return {
              status: 'measured',
              result: {
                ingestion: IngestionPhaseSchema.parse(phases.ingestion),
                newCustomers: ThroughputPhaseSchema.parse(phases.newCustomers),
                insights: InsightsCostSchema.parse(phases.insights),
              },
            } as const;
          } catch (err: unknown) {
            process.stderr.write(`bench: ingestion crashed: ${errorText(err)}\n`);
            return { status: 'crashed', error: errorText(err) } as const;
          }
        })()
      : skipped;
    const connector = await runSection(options, 'connector', ConnectorPhaseSchema, () =>
      measureConnector(sizes, join(workDir, 'connector')),
    );
    const initialLoad = await runSection(options, 'initial-load', InitialLoadSchema, () =>
      measureInitialLoad(sizes, join(workDir, 'initial-load')),
    );
    const heavyCustomer = await runSection(options, 'heavy-customer', HeavyCustomerSchema, () =>
      measureHeavyCustomer(sizes),
    );
    const api = await runSection(options, 'api', ApiResultSchema, () => measureApiOnHub(options, workDir));
    const freshness = await runSection(options, 'freshness', FreshnessResultSchema, () =>
      measureFreshness({
        topology: hubTopology,
        dataDir: join(workDir, 'freshness'),
        samples: sizes.freshnessSamples,
        sandboxCustomers: sizes.freshnessCustomers,
        timeoutMs: 60_000,
      }),
    );

    const results: BenchResults = {
      quick: options.quick,
      sizing: options.sizing,
      sizes,
      totalSeconds: (performance.now() - started) / 1000,
      machine,
      functions,
      writeShapes,
      ...splitIngestion(ingestionOutcome),
      connector,
      initialLoad,
      heavyCustomer,
      api,
      freshness,
      matcher,
    };
    if (options.out !== undefined) {
      const latest = buildLatestResults(results);
      writeFileSync(options.out, `${JSON.stringify(latest, null, 2)}\n`);
      console.log(renderConsoleReport(latest));
      console.log(`\nwrote ${options.out}`);
    } else if (options.write) {
      const latest = writeBenchReport(repositoryRoot, results);
      // Biome lints the repository's JSON too; let it lay the file out so `npm run lint` stays clean.
      spawnSync(
        process.execPath,
        [
          join(repositoryRoot, 'node_modules/@biomejs/biome/bin/biome'),
          'format',
          '--write',
          join(repositoryRoot, LATEST_RESULTS_PATH),
        ],
        { stdio: 'ignore' },
      );
      console.log(renderConsoleReport(latest));
      console.log(`\nwrote ${LATEST_RESULTS_PATH} and ${BENCHMARKS_DOC_PATH}`);
    } else console.log(renderConsoleReport(buildLatestResults(results)));
    // A budget miss is reported, not failed on: these machines are shared and noisy.
    const crashed = Object.values(results).some(
      (value) =>
        typeof value === 'object' && value !== null && 'status' in value && value.status === 'crashed',
    );
    process.exitCode = crashed ? 1 : 0;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
};

await main();
