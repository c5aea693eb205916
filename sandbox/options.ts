import * as z from 'zod';
import { SandboxScaleSchema } from './world/scale.ts';

const PortSchema = z.number().int().min(0).max(65_535);
const PositiveSchema = z.number().int().positive();

/** Options of {@link startSandbox}; everything but `landingDir` has a default. */
export const SandboxOptionsSchema = z.object({
  /** Same seed (and clock) → same data. */
  seed: z.number().int().default(360),
  scale: SandboxScaleSchema.default('small'),
  /** Folder standing in for the clickstream S3 bucket. */
  landingDir: z.string().min(1, 'must name the clickstream landing folder'),
  /** Automatic tick interval; 0 means only explicit `tick()` calls change data. */
  tickIntervalMs: z.number().int().nonnegative().default(0),
  /** The sandbox's clock for every timestamp it writes (default: the wall clock). */
  clock: z
    .custom<() => Date>((value) => typeof value === 'function', 'must be a function returning a Date')
    .optional(),
  host: z.string().min(1).default('127.0.0.1'),
  /** Fixed ports per system; 0 (the default) picks a free port. */
  ports: z
    .object({
      sapS4: PortSchema,
      businessCentral: PortSchema,
      windchill: PortSchema,
      oracleScm: PortSchema,
      serviceDesk: PortSchema,
      inbox: PortSchema,
      identity: PortSchema,
    })
    .partial()
    .default({}),
  /** Server-driven page sizes (Oracle: the largest `limit` honoured). Defaults follow the real systems. */
  pageSizes: z
    .object({
      sapS4: PositiveSchema,
      businessCentral: PositiveSchema,
      windchill: PositiveSchema,
      oracleScm: PositiveSchema,
      serviceDesk: PositiveSchema,
    })
    .partial()
    .default({}),
  /** Optional throttling per system: more requests than this within a second get a 429. */
  rateLimitPerSecond: z
    .object({
      sapS4: PositiveSchema,
      businessCentral: PositiveSchema,
      windchill: PositiveSchema,
      oracleScm: PositiveSchema,
      serviceDesk: PositiveSchema,
    })
    .partial()
    .default({}),
  /** Lifetime of issued OAuth2 tokens (short values exercise a connector's token refresh). */
  tokenLifetimeSeconds: PositiveSchema.default(3_600),
  /** Credential overrides; the defaults are fixed, documented sandbox values. */
  credentials: z
    .object({
      sapS4: z.object({ username: z.string().min(1), password: z.string().min(1) }),
      oracleScm: z.object({ username: z.string().min(1), password: z.string().min(1) }),
      businessCentral: z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) }),
      windchill: z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) }),
      inbox: z.object({ token: z.string().min(1) }),
      serviceDesk: z.object({ username: z.string().min(1), password: z.string().min(1) }),
    })
    .partial()
    .default({}),
  /**
   * Ordinary ways real installations differ from the default sandbox, for testing connector configuration:
   * a Business Central without change tracking, Oracle on-hand balances under another resource, Oracle
   * shipments as one row per shipment line, Windchill successors as supersede alternate links, clickstream
   * day folders named `YYYY-MM-DD`.
   */
  variants: z
    .strictObject({
      businessCentralChangeTracking: z.boolean().default(true),
      oracleOnhandResource: z
        .enum(['onhandQuantityDetails', 'inventoryOnhandBalances'])
        .default('onhandQuantityDetails'),
      oracleShipments: z.enum(['nested', 'flatLines']).default('nested'),
      windchillSuccessors: z.enum(['Successors', 'Alternates']).default('Successors'),
      clickstreamDayFolders: z.enum(['epoch-ms', 'date']).default('epoch-ms'),
    })
    .prefault({}),
  /** Segment source id used in the landing keys. */
  clickstreamSourceId: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a Segment source id (letters, digits, - and _)')
    .default('hub360-web-shop'),
  /**
   * Extra changes per tick that trigger the hub's reactions within minutes instead of the weeks a real
   * company takes: invoices already past due and unpaid, shipments of heavy buyers already late and in
   * transit, installed units whose service contract ends within the next weeks. Off by default so seeded test
   * data stays as it was; `npm start` turns them on.
   */
  reactionTriggers: z
    .strictObject({
      overdueInvoicesPerTick: z.number().int().nonnegative().max(20).default(0),
      lateShipmentsPerTick: z.number().int().nonnegative().max(20).default(0),
      endingContractsPerTick: z.number().int().nonnegative().max(20).default(0),
    })
    .prefault({}),
  /** Days of clickstream history landed at start (two files a day). */
  clickstreamHistoryDays: z.number().int().nonnegative().max(60).default(7),
});

export type SandboxOptions = z.input<typeof SandboxOptionsSchema>;
export type ResolvedSandboxOptions = z.output<typeof SandboxOptionsSchema>;
