import * as z from 'zod';
import { ConfigError, formatIssuePath } from '../../../schemas/config/parse-config.ts';

/**
 * Per-environment settings of the AWS deployment, read from CDK context (`cdk.json` stage blocks plus
 * `-c key=value` overrides) and validated once, so a missing issuer or URL stops synth naming the field.
 */

const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });

/** CloudWatch Logs accepts only these retention periods (days). */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653,
] as const;

/** How an EventBridge connection authenticates against an http target; the secret holds the value. */
export const ConnectionAuthSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('apiKey'),
    /** Header carrying the key; `Authorization` with a `Bearer ...` value covers bearer-token systems. */
    headerName: z.string().min(1).default('Authorization'),
  }),
  z.strictObject({
    kind: z.literal('basic'),
    /** The user name is not secret; the password is the secret's `password` field. */
    username: z.string().min(1),
  }),
]);
export type ConnectionAuth = z.infer<typeof ConnectionAuthSchema>;

export const ExistingSecretSchema = z.strictObject({
  /** Full ARN of a secret created outside the stack (e.g. by the team owning the source system). */
  arn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/,
      'must be a complete Secrets Manager secret ARN (ending in the 6-character suffix)',
    ),
});

/** A secret the stack creates, seeded with a random value in one JSON field (e.g. a signing key). */
export const GeneratedSecretSchema = z.strictObject({
  generateField: z.string().min(1),
  /** @default 32 */
  length: z.number().int().min(16).max(4096).default(32),
});

/** Either a reference to an existing secret or how to seed one the stack creates. */
export const SecretSourceSchema = z.union([ExistingSecretSchema, GeneratedSecretSchema]);
export type SecretSource = z.infer<typeof SecretSourceSchema>;

/**
 * A function environment value: a string, or JSON (an object or array, e.g. `HUB_CONNECTORS`) that the
 * stack serialises; inside JSON, a string `${HUB_LANDING_BUCKET}` (or another common variable) becomes
 * that variable's deployed value.
 */
export const EnvironmentValueSchema = z.union([
  z.string(),
  z.record(z.string(), z.unknown()),
  z.array(z.unknown()),
]);
export type EnvironmentValue = z.infer<typeof EnvironmentValueSchema>;

export const AlarmThresholdsSchema = z.strictObject({
  /** A connector whose watermark lags more than this is alarmed. */
  connectorLagSeconds: z.number().int().min(60).default(3600),
  /** Quarantined source records per hour before someone should look at the mappings. */
  quarantinedRecordsPerHour: z.number().int().min(1).default(100),
  /** API responses with a 5xx status per 5 minutes. */
  api5xxPerFiveMinutes: z.number().int().min(1).default(5),
  /** p99 API latency (ms) over 5 minutes. */
  apiLatencyP99Ms: z.number().int().min(50).default(2000),
  /** Age (s) of the oldest change a stream consumer has not processed yet (Lambda `IteratorAge`). */
  streamIteratorAgeSeconds: z.number().int().min(60).default(300),
  /** A configured connector without a successful sync for this many schedule periods is alarmed. */
  heartbeatPeriods: z.number().int().min(2).max(24).default(3),
});

/**
 * A role a Segment S3 destination assumes to write clickstream files under the landing prefix (Segment's
 * "AWS S3" destination: its sync role assumes yours with your workspace id as external id).
 */
export const LandingWriterSchema = z.strictObject({
  /** The writer's IAM principal, e.g. Segment's `arn:aws:iam::595280932656:role/...-sync-worker`. */
  principalArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/, 'must be an IAM role or user ARN'),
  /** The external id the writer presents (Segment: the workspace id). */
  externalId: z.string().min(2),
  /** Key prefix the writer may put objects under. @default 'segment-logs/' */
  prefix: z
    .string()
    .regex(/^[A-Za-z0-9!_.*'()/-]+\/$/, 'must be a key prefix ending in /')
    .default('segment-logs/'),
});

/** A block of business settings (`infra/topology/settings.ts`), checked against its own schema when the stack is built. */
const settingsBlockField = z.record(z.string(), z.unknown()).default({});

export const StageConfigSchema = z.strictObject({
  stage: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,15}$/, 'must be a short lower-case stage name such as dev or prod'),
  /** Table deletion protection and RETAIN removal policies. @default true for the `prod` stage */
  protectData: z.boolean().optional(),
  /** Target account; leave unset for an environment-agnostic stack (synth needs no credentials). */
  account: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
    .optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-central-1')
    .optional(),
  /** OIDC issuer of the access tokens the query API accepts (must serve `/.well-known/openid-configuration`). */
  jwtIssuer: httpsUrl,
  /** Accepted `aud` values (for Cognito: the app client ids). */
  jwtAudience: z.array(z.string().min(1)).min(1, 'must list at least one audience'),
  corsOrigins: z.array(z.url()).default([]),
  /** Where alarm notifications go (this or `alarmTopicArn` is required where data is protected, e.g. prod). */
  alarmEmail: z.email().optional(),
  /** An existing SNS topic (pager, chat) that also receives every alarm. */
  alarmTopicArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/, 'must be an SNS topic ARN')
    .optional(),
  /**
   * Prefix the identity provider puts before the API's scopes: Cognito issues `<resource-server>/<scope>`, so
   * `hub360/` makes the routes require `hub360/customers:read`. @default '' (bare scopes, e.g. Okta, Auth0)
   */
  scopePrefix: z
    .string()
    .regex(/^[A-Za-z0-9._:/-]*$/, 'must be a scope prefix such as hub360/ (no spaces)')
    .default(''),
  /**
   * Days the event archive keeps events for replay. Events carry personal data, and an erasure must reach
   * every copy within GDPR's one-month window, so the archive keeps at most 30 days (docs/privacy.md).
   */
  eventArchiveRetentionDays: z
    .number()
    .int()
    .min(1, 'must be at least 1 (0 would keep events forever)')
    .max(30, 'must be at most 30: erasure must reach archived events within one month (docs/privacy.md)')
    .default(14),
  /** Days clickstream files stay in the landing bucket (erasure reaches them by expiry, docs/privacy.md). */
  landingRetentionDays: z
    .number()
    .int()
    .min(1)
    .max(30, 'must be at most 30: erasure must reach landed clickstream within one month (docs/privacy.md)')
    .default(30),
  /** Grants a Segment S3 destination write access to the landing prefix. @default none */
  landingWriter: LandingWriterSchema.optional(),
  logRetentionDays: z
    .number()
    .int()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
    })
    .default(30),
  apiThrottle: z
    .strictObject({
      rateLimit: z.number().int().min(1).default(50),
      burstLimit: z.number().int().min(1).default(100),
    })
    .prefault({}),
  /** Values of the topology's `urlSetting`s (http rule targets), e.g. `CALL_CENTER_TASKS_URL`. */
  settings: z.record(z.string().regex(/^[A-Z][A-Z0-9_]+$/, 'must be UPPER_SNAKE_CASE'), httpsUrl).default({}),
  /**
   * Per secret the topology names: an existing secret's ARN, or how to seed the one the stack creates.
   * Secrets not listed are created with a random placeholder the operator replaces.
   */
  secrets: z.record(z.string().min(1), SecretSourceSchema).default({}),
  /** Authentication per `connectionSecret` of http targets. @default apiKey in the Authorization header */
  connections: z.record(z.string().min(1), ConnectionAuthSchema).default({}),
  /**
   * Per-stage environment for topology functions, by function name, on top of the spec's own: connector
   * instances, source endpoints and the like (`{ "connector-sync": { "HUB_CONNECTORS": { ... } } }`).
   */
  functionEnvironment: z
    .record(
      z.string(),
      z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be UPPER_SNAKE_CASE'), EnvironmentValueSchema),
    )
    .default({}),
  alarms: AlarmThresholdsSchema.prefault({}),
  /**
   * Insights thresholds for this stage (docs/insights.md, "Configuration"): only what differs from the
   * defaults, e.g. `{ "lifecycle": { "dormantMinIdleDays": 240 } }`. Checked when the stack is built and
   * handed to the insights functions as `HUB_INSIGHTS_CONFIG`. @default {} (every default)
   */
  insights: settingsBlockField,
  /**
   * Demand planning for this stage (docs/reactions.md, "Production demand"), e.g. `{ "quoteWinRate": 0.4,
   * "plant": "2000" }`: checked at synth, handed to the demand recompute, the daily re-evaluation and the demand
   * API as `HUB_DEMAND_CONFIG`. @default {}
   */
  demand: settingsBlockField,
  /**
   * Reaction thresholds for this stage (docs/reactions.md), e.g. `{ "paymentGraceDays": 5 }`: checked at synth,
   * handed to the reaction decisions and the outcome report as `HUB_REACTIONS_CONFIG`. @default {}
   */
  reactions: settingsBlockField,
  /**
   * What the customer-360 view keeps (docs/table-design.md), e.g. `{ "recentItems": 30 }`: checked at synth,
   * handed to the view projector as `HUB_VIEW_LIMITS`. @default {}
   */
  viewLimits: settingsBlockField,
});
export type StageConfig = z.infer<typeof StageConfigSchema>;

const listOf = (value: unknown): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '')
    : value;

const ObjectSchema = z.record(z.string(), z.unknown());

/** Context values are untyped JSON; anything that is not an object reads as empty. */
export const asRecord = (value: unknown): Record<string, unknown> => {
  const parsed = ObjectSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
};

const SCALAR_OVERRIDES = [
  'jwtIssuer',
  'alarmEmail',
  'alarmTopicArn',
  'scopePrefix',
  'account',
  'region',
] as const;
const LIST_OVERRIDES = ['jwtAudience', 'corsOrigins'] as const;

/**
 * Builds the stage configuration from the whole CDK context: the block `hub360.stages.<stage>` (from
 * cdk.json) overlaid with flat `-c` values: `jwtIssuer`, `jwtAudience` / `corsOrigins` (comma lists),
 * `alarmEmail`, `account`, `region`, `setting:<NAME>=<url>` and `secretArn:<name>=<arn>`.
 */
export const resolveStageConfig = (context: Readonly<Record<string, unknown>>): StageConfig => {
  const stage = context.stage;
  const stageBlock =
    typeof stage === 'string' ? asRecord(asRecord(asRecord(context.hub360).stages)[stage]) : {};
  const merged: Record<string, unknown> = { ...stageBlock, stage };
  for (const key of SCALAR_OVERRIDES) if (context[key] !== undefined) merged[key] = context[key];
  for (const key of LIST_OVERRIDES) if (context[key] !== undefined) merged[key] = listOf(context[key]);
  const settings = { ...asRecord(merged.settings) };
  const secrets = { ...asRecord(merged.secrets) };
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined) continue;
    if (key.startsWith('setting:')) settings[key.slice('setting:'.length)] = value;
    if (key.startsWith('secretArn:')) secrets[key.slice('secretArn:'.length)] = { arn: value };
  }
  const candidate = { ...merged, settings, secrets };
  const result = StageConfigSchema.safeParse(candidate);
  // Checked on the raw values too, so it is named even when other fields are wrong as well.
  const problems = [
    ...(result.success ? [] : describeStageIssues(result.error, candidate)),
    ...alarmDestinationProblems(candidate),
  ];
  if (!result.success || problems.length > 0) throw new ConfigError(stageSubject(stage), problems);
  return result.data;
};

/** Where data is protected (prod unless the block says otherwise) nobody may miss an alarm. */
const alarmDestinationProblems = (candidate: Record<string, unknown>): string[] => {
  const protectedStage =
    candidate.protectData === true || (candidate.protectData === undefined && candidate.stage === 'prod');
  return protectedStage && candidate.alarmEmail === undefined && candidate.alarmTopicArn === undefined
    ? [
        `alarmEmail: is required for stage "${String(candidate.stage)}" (or alarmTopicArn): alarms must reach someone (-c alarmEmail=ops@example.com)`,
      ]
    : [];
};

/** How config errors name the stage they are about. */
export const stageSubject = (stage: unknown): string => `CDK context for stage "${String(stage)}"`;

/** Where a missing top-level value is usually set, for the one-line message naming it. */
const HOW_TO_SET: Readonly<Record<string, string>> = {
  stage: '-c stage=<name>',
  jwtIssuer:
    '-c jwtIssuer=https://<issuer>/ (for Cognito https://cognito-idp.<region>.amazonaws.com/<pool-id>)',
  jwtAudience: '-c jwtAudience=<app-client-id>[,<another>]',
};

const valueAt = (root: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (value, key) =>
      typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined,
    root,
  );

/**
 * One readable line per problem: a value that is not there says "is required" and how to set it, instead
 * of the schema library's type wording; wrong values keep their field's own message.
 */
const describeStageIssues = (error: z.ZodError, candidate: unknown): string[] =>
  error.issues.map((issue) => {
    const field = formatIssuePath(issue.path) || '(root)';
    if (issue.code === 'invalid_type' && valueAt(candidate, issue.path) === undefined) {
      const how = HOW_TO_SET[field];
      return `${field}: is required${how ? ` (${how})` : ''}`;
    }
    if (issue.code === 'unrecognized_keys')
      return `${field || '(root)'}: unknown setting(s) ${issue.keys.join(', ')}`;
    return `${field}: ${issue.message}`;
  });

/** Whether data stores are protected from deletion (prod unless the stage block says otherwise). */
export const protectsData = (config: StageConfig): boolean => config.protectData ?? config.stage === 'prod';
