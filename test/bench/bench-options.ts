import { parseArgs } from 'node:util';
import * as z from 'zod';
import { ConfigError, parseConfig } from '../../schemas/config/parse-config.ts';
import type { BenchSizes } from './report/results.ts';

export type { BenchSizes } from './report/results.ts';

export const BENCH_SECTIONS = [
  'functions',
  'write-shapes',
  'ingestion',
  'connector',
  'initial-load',
  'heavy-customer',
  'api',
  'freshness',
  'matcher',
] as const;
export type BenchSection = (typeof BENCH_SECTIONS)[number];

/** The sizes issue #11 asks for. A full run takes hours on a 2-core machine at today's ingest rates. */
export const FULL_SIZES: BenchSizes = {
  ingestRecords: 100_000,
  newCustomerRecords: 5_000,
  connectorRows: 100_000,
  initialLoadRecords: 500_000,
  invocationSeconds: 60,
  heavyOrders: 10_000,
  heavyWebEvents: 200_000,
  typicalCustomers: 100,
  // A p99 needs a few hundred samples to be more than the slowest read; each read takes milliseconds.
  heavyReads: 1_000,
  apiCustomers: 500,
  apiRequestsPerLevel: 1_000,
  pageSize: 100,
  concurrency: 8,
  warmupItems: 5_000,
  coldLoadRuns: 5,
  freshnessSamples: 20,
  freshnessCustomers: 20,
  matcherSecondsPerRun: 1,
  shapeItems: 10_000,
  shapeStreamRecordsBetween: 20_000,
  storeStreams: false,
};

/** CI-sized: every phase runs, a few minutes in all. */
export const QUICK_SIZES: BenchSizes = {
  ingestRecords: 500,
  newCustomerRecords: 50,
  connectorRows: 300,
  initialLoadRecords: 600,
  invocationSeconds: 5,
  heavyOrders: 50,
  heavyWebEvents: 500,
  typicalCustomers: 10,
  heavyReads: 300,
  apiCustomers: 20,
  apiRequestsPerLevel: 64,
  pageSize: 100,
  concurrency: 8,
  warmupItems: 500,
  coldLoadRuns: 2,
  freshnessSamples: 5,
  freshnessCustomers: 5,
  matcherSecondsPerRun: 0.2,
  shapeItems: 2_000,
  shapeStreamRecordsBetween: 10_000,
  storeStreams: false,
};

/** Record counts that `--size` scales (the rest stay as the full run has them). */
const SCALED = [
  'ingestRecords',
  'newCustomerRecords',
  'connectorRows',
  'initialLoadRecords',
  'heavyOrders',
  'heavyWebEvents',
] as const satisfies readonly (keyof BenchSizes)[];

const count = z.coerce.number().int().positive();
const ArgsSchema = z.object({
  quick: z.boolean().default(false),
  write: z.boolean().default(false),
  'store-streams': z.boolean().default(false),
  only: z
    .string()
    .optional()
    .transform((v) => (v === undefined ? [...BENCH_SECTIONS] : v.split(',').map((s) => s.trim())))
    .pipe(z.array(z.enum(BENCH_SECTIONS)).min(1)),
  /** Ingestion records; every other record count scales with it (full: 100,000). */
  size: count.optional(),
  ingest: count.optional(),
  'new-customers': count.optional(),
  'connector-rows': count.optional(),
  'initial-load': count.optional(),
  'invocation-seconds': count.optional(),
  'heavy-orders': count.optional(),
  'heavy-web-events': count.optional(),
  'api-customers': count.optional(),
  'api-requests': count.optional(),
  concurrency: count.optional(),
  /** Write the latest.json of this run to this file instead (no docs): for merging into another run. */
  out: z.string().min(1).optional(),
});

export interface BenchOptions {
  readonly quick: boolean;
  readonly sizing: 'quick' | 'full' | 'custom';
  /** Write bench/results/latest.json and docs/benchmarks.md. */
  readonly write: boolean;
  /** Where `--write` puts latest.json instead of bench/results/latest.json (then no docs are written). */
  readonly out: string | undefined;
  readonly sections: readonly BenchSection[];
  readonly sizes: BenchSizes;
}

const OVERRIDES = {
  ingest: 'ingestRecords',
  'new-customers': 'newCustomerRecords',
  'connector-rows': 'connectorRows',
  'initial-load': 'initialLoadRecords',
  'invocation-seconds': 'invocationSeconds',
  'heavy-orders': 'heavyOrders',
  'heavy-web-events': 'heavyWebEvents',
  'api-customers': 'apiCustomers',
  'api-requests': 'apiRequestsPerLevel',
  concurrency: 'concurrency',
} as const satisfies Record<string, keyof BenchSizes>;

export const BENCH_USAGE = `Usage: npm run bench -- [options]

  --quick                  CI-sized run (a few minutes); without it the sizes of issue #11 (hours)
  --only <sections>        comma-separated: ${BENCH_SECTIONS.join(', ')}
  --write                  write bench/results/latest.json, docs/benchmarks.md and the README block
  --out <file>             write this run's latest.json to <file> instead (no docs)
  --store-streams          time the store phases on tables with DynamoDB Streams, as the stack has them (slower
                           on DynamoDB Local with every stream record it holds; AWS is not)
  --size <n>               ingestion records; every other record count scales with it (full: 100000)
  --ingest, --new-customers, --connector-rows, --initial-load, --invocation-seconds, --heavy-orders,
  --heavy-web-events, --api-customers, --api-requests, --concurrency <n>
                           override one size
  --help                   this text`;

/** `--help` asked for: print BENCH_USAGE and run nothing. */
export const wantsBenchHelp = (argv: readonly string[]): boolean =>
  argv.includes('--help') || argv.includes('-h');

/** Reads the bench's command line (see BENCH_USAGE); an unknown or malformed option is a ConfigError naming it. */
export const parseBenchOptions = (argv: readonly string[]): BenchOptions => {
  const optionNames = ['only', 'size', 'out', ...Object.keys(OVERRIDES)] as const;
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        quick: { type: 'boolean' },
        write: { type: 'boolean' },
        'store-streams': { type: 'boolean' },
        ...Object.fromEntries(optionNames.map((name) => [name, { type: 'string' as const }])),
      },
    }).values;
  } catch (error) {
    throw new ConfigError('bench arguments', [(error as Error).message]);
  }
  const args = parseConfig(ArgsSchema, values, 'bench arguments');
  const base = args.quick ? QUICK_SIZES : FULL_SIZES;
  const sizes: { -readonly [K in keyof BenchSizes]: BenchSizes[K] } = { ...base };
  if (args.size !== undefined) {
    const factor = args.size / FULL_SIZES.ingestRecords;
    for (const key of SCALED) sizes[key] = Math.max(1, Math.round(FULL_SIZES[key] * factor));
  }
  let custom = args.size !== undefined;
  if (args['store-streams']) {
    sizes.storeStreams = true;
    custom = true;
  }
  for (const [option, key] of Object.entries(OVERRIDES)) {
    const value = args[option as keyof typeof OVERRIDES];
    if (value === undefined) continue;
    sizes[key] = value;
    custom = true;
  }
  return {
    quick: args.quick,
    sizing: custom ? 'custom' : args.quick ? 'quick' : 'full',
    write: args.write || args.out !== undefined,
    out: args.out,
    sections: args.only,
    sizes,
  };
};
