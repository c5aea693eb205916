import * as z from 'zod';
import {
  ConnectorLeaseSchema,
  QuarantineEntrySchema,
  StreamRunStatusSchema,
} from '../../../core/ports/connector-state.ts';

/**
 * The local hub's admin routes (served by `admin-server.ts`, called by the CLI through `admin-client.ts`).
 * Requests are signed with SigV4 using the hub's local credentials, service name {@link ADMIN_SIGNING_SERVICE}.
 */
export const ADMIN_SIGNING_SERVICE = 'hub360-admin';

export const AdminPaths = {
  names: '/_hub360/admin/names',
  sync: '/_hub360/admin/sync',
  check: '/_hub360/admin/check',
  connectors: '/_hub360/admin/connectors',
  quarantine: '/_hub360/admin/quarantine',
  storeCheck: '/_hub360/admin/store-check',
} as const;

/** What the hub runs: the CLI names an unknown connector, stream, rule or function from this. */
export const HubNamesSchema = z.object({
  connectors: z.record(z.string(), z.object({ preset: z.string(), streams: z.array(z.string()) })),
  rules: z.array(z.string()),
  functions: z.array(z.string()),
});
export type HubNames = z.infer<typeof HubNamesSchema>;

export const SyncCommandSchema = z.strictObject({
  connector: z.string().min(1),
  full: z.boolean().default(false),
  streams: z.array(z.string().min(1)).min(1).optional(),
});

export const CheckCommandSchema = z.strictObject({ connector: z.string().min(1) });

const StreamOutcomeSchema = z.object({
  stream: z.string(),
  status: z.string(),
  recordsRead: z.number(),
  recordsWritten: z.number(),
  recordsQuarantined: z.number(),
  /** Quarantine entries the run removed because it took their records in. */
  recordsReleased: z.number().optional(),
  pages: z.number(),
  retries: z.number(),
  error: z.string().optional(),
});

/** One NDJSON line of a sync's answer: a page's progress, then one result (or an error). */
export const SyncMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('page'),
    stream: z.string(),
    pages: z.number(),
    recordsRead: z.number(),
    recordsWritten: z.number(),
    recordsQuarantined: z.number(),
    elapsedMs: z.number(),
    /** Records the source says the stream holds, when it reports one. */
    total: z.number().optional(),
  }),
  z.object({
    type: z.literal('result'),
    connector: z.string(),
    skipped: z.string().optional(),
    caughtUp: z.boolean(),
    streams: z.array(StreamOutcomeSchema),
  }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type SyncMessage = z.infer<typeof SyncMessageSchema>;

export const StreamCheckSchema = z.object({
  stream: z.string(),
  ok: z.boolean(),
  read: z.number(),
  mapped: z.number(),
  quarantined: z.number(),
  reasons: z.array(z.string()),
  error: z.string().optional(),
  warning: z.string().optional(),
});

export const ConnectorCheckSchema = z.object({
  connector: z.string(),
  ok: z.boolean(),
  connection: z.union([
    z.object({ ok: z.literal(true) }),
    z.object({ ok: z.literal(false), reason: z.string() }),
  ]),
  streams: z.array(StreamCheckSchema),
});

/** `hub360 connectors`: what the hub runs, each stream's last run and each connector's lease, in one answer. */
export const ConnectorsReportSchema = z.object({
  names: HubNamesSchema,
  statuses: z.array(StreamRunStatusSchema),
  leases: z.array(ConnectorLeaseSchema),
});
export type ConnectorsReport = z.infer<typeof ConnectorsReportSchema>;

/** `hub360 quarantine`: the query string the route reads (`?connector=&limit=`). */
export const QuarantineQuerySchema = z.strictObject({
  connector: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});

export const QuarantineReportSchema = z.object({ entries: z.array(QuarantineEntrySchema) });

export const StoreCheckCommandSchema = z.strictObject({ repair: z.boolean().default(false) });

/** `hub360 store check`: the counts and each violation as one readable line, marked when repaired. */
export const StoreCheckReportSchema = z.object({
  counts: z.object({ customers: z.number(), records: z.number(), identifiers: z.number() }),
  violations: z.array(z.object({ description: z.string(), repaired: z.boolean() })),
});
export type StoreCheckSummary = z.infer<typeof StoreCheckReportSchema>;

/** How far a store check has read (items, pages, time; the table's approximate size when known). */
export const StoreCheckProgressSchema = z.object({
  items: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
  elapsedMs: z.number().nonnegative(),
  total: z.number().int().nonnegative().optional(),
});
export type StoreCheckProgressUpdate = z.infer<typeof StoreCheckProgressSchema>;

/**
 * The store check route streams NDJSON: progress after each page read, then the report (or an error), so a
 * long check shows how far it is and no client gives up waiting for the first byte.
 */
export const StoreCheckMessageSchema = z.discriminatedUnion('type', [
  StoreCheckProgressSchema.extend({ type: z.literal('progress') }),
  StoreCheckReportSchema.extend({ type: z.literal('result') }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type StoreCheckMessage = z.infer<typeof StoreCheckMessageSchema>;
