import * as z from 'zod';
import { ScheduleExpressionSchema } from '../../schemas/config/schedule-expression.ts';
import { AuthConfigSchema } from '../http/auth.ts';
import { RateBudgetSchema } from '../http/rate-budget.ts';
import { RetryPolicySchema } from '../http/retry-policy.ts';
import { DEFAULT_READ_AHEAD_PAGES, MAX_READ_AHEAD_PAGES } from '../kit/read-ahead.ts';
import { FieldMappingSchema, FieldMapSchema } from '../mapping/field-mapping.ts';
import { IdentifierRuleSchema, StreamMappingSchema } from '../mapping/stream-mapping.ts';
import { InvalidIdentifierPolicySchema } from './identifier-policy.ts';

/** Changes to one preset stream; anything not given keeps the preset's default. */
export const StreamOverrideSchema = z.strictObject({
  /** Turn a preset stream off. @default true */
  enabled: z.boolean().default(true),
  /**
   * Protocol settings merged over the preset's (e.g. `entitySet`, `path`, `expand`, `keyFields`,
   * `params.orderBy`, `changeTracking`, `pageSize`, `incremental.overlapMs`); `null` removes a preset setting.
   */
  source: z.record(z.string(), z.unknown()).default({}),
  mapping: z
    .strictObject({
      entity: StreamMappingSchema.shape.entity.optional(),
      version: FieldMappingSchema.optional(),
      /** Replaces the preset's identifier rules. */
      identifiers: z.array(IdentifierRuleSchema).optional(),
      /** Merged field by field over the preset's data mapping; `null` drops a preset field. */
      data: z.record(z.string(), FieldMappingSchema.nullable()).optional(),
      deletedWhen: StreamMappingSchema.shape.deletedWhen,
      /** Groups flat rows into parents with lines (see the mapping's `group`). */
      group: StreamMappingSchema.shape.group,
    })
    .default({}),
});
export type StreamOverride = z.infer<typeof StreamOverrideSchema>;

/** Periodic delete detection for sources without delete markers: compares all source keys with the store. */
export const ReconcileDeletesSchema = z.strictObject({
  enabled: z.boolean().default(false),
  everyHours: z.number().positive().default(24),
});

const common = {
  /**
   * How often the instance syncs: an EventBridge Scheduler expression (`rate(5 minutes)`, `cron(0 * * * ? *)`),
   * on AWS and locally. @default the preset's (`defaultScheduleOf`)
   */
  schedule: ScheduleExpressionSchema.optional(),
  /** Per-stream overrides, by preset stream name. */
  streams: z.record(z.string(), StreamOverrideSchema).default({}),
  reconcileDeletes: ReconcileDeletesSchema.prefault({}),
  /**
   * Per identifier type, what a present but invalid value does (`quarantine` the record, or
   * `drop-identifier` and load it without); e.g. `{ "email": "drop-identifier" }`. @default quarantine
   */
  invalidIdentifiers: InvalidIdentifierPolicySchema,
  /**
   * Source pages read (and mapped) ahead of the page being committed, so the next read overlaps the store's
   * writes; each waits in memory, so keep it small. 0 reads strictly page after page. @default 1
   */
  readAheadPages: z.number().int().min(0).max(MAX_READ_AHEAD_PAGES).default(DEFAULT_READ_AHEAD_PAGES),
};

const http = {
  /** Service root of the system, no trailing slash. */
  baseUrl: z.url().transform((url) => url.replace(/\/+$/, '')),
  auth: AuthConfigSchema,
  rateBudget: RateBudgetSchema.prefault({}),
  retry: RetryPolicySchema.prefault({}),
  /** Per-request timeout. @default 30000 */
  timeoutMs: z.number().int().min(100).max(300_000).default(30_000),
  ...common,
};

export const SapS4ConnectorSchema = z.strictObject({ preset: z.literal('sap-s4'), ...http });
export const BusinessCentralConnectorSchema = z.strictObject({
  preset: z.literal('business-central'),
  /** The company whose data is read: `companies(<companyId>)`. */
  companyId: z.string().min(1),
  ...http,
});
export const WindchillConnectorSchema = z.strictObject({ preset: z.literal('windchill'), ...http });
export const OracleScmConnectorSchema = z.strictObject({ preset: z.literal('oracle-scm'), ...http });
/** Zendesk Support: `baseUrl` is `https://<subdomain>.zendesk.com`; basic auth as `<email>/token` + API token. */
export const ZendeskConnectorSchema = z.strictObject({ preset: z.literal('zendesk'), ...http });

/** Where clickstream files land: an S3 bucket on AWS, a folder locally. */
export const LandingSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('s3'), bucket: z.string().min(3) }),
  z.strictObject({ kind: z.literal('folder'), dir: z.string().min(1) }),
]);

export const SegmentConnectorSchema = z.strictObject({
  preset: z.literal('segment'),
  landing: LandingSchema,
  /** Key prefix the Segment S3 destination writes to: `segment-logs/<source-id>/`. */
  prefix: z.string().min(1).optional(),
  ...common,
});

/** One connector instance: which preset, where the system is, how to authenticate, what to change. */
export const ConnectorConfigSchema = z.discriminatedUnion('preset', [
  SapS4ConnectorSchema,
  BusinessCentralConnectorSchema,
  WindchillConnectorSchema,
  OracleScmConnectorSchema,
  SegmentConnectorSchema,
  ZendeskConnectorSchema,
]);
export type ConnectorConfig = z.infer<typeof ConnectorConfigSchema>;
export type ConnectorConfigInput = z.input<typeof ConnectorConfigSchema>;

/** Connector instance names are `source.system` in the store: kebab-case. */
export const ConnectorNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a kebab-case connector name such as sap-s4');

/** All connector instances of a deployment, by name (`HUB_CONNECTORS`). */
export const ConnectorsConfigSchema = z.record(ConnectorNameSchema, ConnectorConfigSchema);
export type ConnectorsConfig = z.infer<typeof ConnectorsConfigSchema>;

export { FieldMapSchema };
