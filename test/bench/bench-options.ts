import { parseArgs } from 'node:util';
import * as z from 'zod';
import { parseConfig } from '../../schemas/config/parse-config.ts';

export const BENCH_SECTIONS = ['functions', 'ingestion', 'query', 'freshness', 'matcher'] as const;
export type BenchSection = (typeof BENCH_SECTIONS)[number];

/** Sizes of one bench run; `--quick` trades precision for time. */
export interface BenchSizes {
  /** Synthetic source records ingested (and raw items written, twice). */
  readonly ingestRecords: number;
  readonly pageSize: number;
  /** Concurrent BatchWriteItem calls of the raw baseline (the store's commit concurrency). */
  readonly rawConcurrency: number;
  /** Sandbox ERP customers the connector syncs (about 13 source records each). */
  readonly connectorCustomers: number;
  /** Source records loaded before the read latencies are taken (a tenth are customers). */
  readonly queryRecords: number;
  readonly queryWarmupRounds: number;
  readonly queryRounds: number;
  readonly coldLoadRuns: number;
  readonly freshnessSamples: number;
  readonly freshnessCustomers: number;
}

const FULL: BenchSizes = {
  ingestRecords: 1_200,
  pageSize: 100,
  rawConcurrency: 4,
  connectorCustomers: 15,
  queryRecords: 200,
  queryWarmupRounds: 40,
  queryRounds: 300,
  coldLoadRuns: 5,
  freshnessSamples: 3,
  freshnessCustomers: 20,
};

const QUICK: BenchSizes = {
  ingestRecords: 300,
  pageSize: 100,
  rawConcurrency: 4,
  connectorCustomers: 10,
  queryRecords: 100,
  queryWarmupRounds: 20,
  queryRounds: 100,
  coldLoadRuns: 2,
  freshnessSamples: 1,
  freshnessCustomers: 10,
};

const ArgsSchema = z.object({
  quick: z.boolean().default(false),
  write: z.boolean().default(false),
  only: z
    .string()
    .optional()
    .transform((v) => (v === undefined ? [...BENCH_SECTIONS] : v.split(',').map((s) => s.trim())))
    .pipe(z.array(z.enum(BENCH_SECTIONS)).min(1)),
});

export interface BenchOptions {
  readonly mode: 'full' | 'quick';
  /** Write docs/benchmarks.md and test/bench/results.json. */
  readonly write: boolean;
  readonly sections: readonly BenchSection[];
  readonly sizes: BenchSizes;
}

/** `npm run bench -- [--quick] [--write] [--only functions,ingestion,query,freshness,matcher]` */
export const parseBenchOptions = (argv: readonly string[]): BenchOptions => {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: { quick: { type: 'boolean' }, write: { type: 'boolean' }, only: { type: 'string' } },
  });
  const args = parseConfig(ArgsSchema, values, 'bench arguments');
  return {
    mode: args.quick ? 'quick' : 'full',
    write: args.write,
    sections: args.only,
    sizes: args.quick ? QUICK : FULL,
  };
};
