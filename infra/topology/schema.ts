import * as z from 'zod';
import { ScheduleExpressionSchema } from '../../schemas/config/schedule-expression.ts';
import { schedulePeriodSeconds } from './schedule-period.ts';

/**
 * The shape of hub360's topology: every function, stream subscription, schedule, event rule and API
 * route, declared once. The CDK stack (`infra/aws`) and the local runtime (`infra/local`) both read
 * a value of this type; neither declares any of these things on its own.
 */

const logicalName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,62}$/, 'must be kebab-case: lower-case letters, digits and dashes, 2-63 chars');

/** Grants a function needs; the CDK stack turns them into least-privilege IAM, locally they are documentation. */
export const FunctionGrantsSchema = z.strictObject({
  table: z.enum(['none', 'read', 'readWrite']).default('none'),
  bus: z.enum(['none', 'put']).default('none'),
  landingBucket: z.enum(['none', 'read']).default('none'),
  secrets: z.array(z.string().min(1)).default([]),
  /**
   * `redrive`: on AWS, reads the stack's dead-letter queues (peek, delete), puts a dead-lettered event on the bus
   * again and invokes again a function whose async invocation or schedule failed, and marks a re-sent reaction in
   * the reaction ledger (point reads and writes in the ledger's partitions only); the stack tells the function
   * where the queues are (`HUB_DEAD_LETTER_QUEUES`).
   */
  deadLetters: z.enum(['none', 'redrive']).default('none'),
  /**
   * Event `source`s a function with `bus: 'put'` may publish (PutEvents is conditioned on `events:source`),
   * so no function can emit an event another component owns and make a downstream system act on it.
   */
  eventSources: z
    .array(z.string().regex(/^hub360\.[a-z][a-z0-9-]*$/, 'must be an event source such as hub360.commerce'))
    .default([]),
});

export const FunctionSpecSchema = z.strictObject({
  /** Path of the handler module from the repository root, e.g. `functions/stream-publisher.ts`. */
  entry: z.string().regex(/^functions\/[a-z0-9-/]+\.ts$/, 'must be a .ts file under functions/'),
  /** Exported handler name in the module. */
  handler: z.string().min(1).default('handler'),
  description: z.string().min(1),
  timeoutSeconds: z.number().int().min(1).max(900).default(30),
  memoryMb: z.number().int().min(128).max(10240).default(512),
  /** Extra environment variables (the common ones, table and bus names, are added by both runtimes). */
  environment: z.record(z.string(), z.string()).default({}),
  grants: FunctionGrantsSchema.prefault({}),
  /** Async invocations (schedules, rule targets): retries after the first attempt, as Lambda's `MaximumRetryAttempts`. */
  asyncRetries: z.number().int().min(0).max(2).default(2),
  /**
   * Reserved concurrency: at most this many instances at once (and always that many available). Required for
   * a scheduled function whose timeout outlasts its schedule's period, so overlapping runs cannot pile up.
   */
  reservedConcurrency: z.number().int().min(1).max(1000).optional(),
});

export const StreamSubscriptionSchema = z.strictObject({
  function: logicalName,
  batchSize: z.number().int().min(1).max(10000).default(100),
  maxBatchingWindowSeconds: z.number().int().min(0).max(300).default(0),
  maxRetries: z.number().int().min(-1).max(10000).default(10),
  bisectOnError: z.boolean().default(true),
  /**
   * Records older than this are given up on (their pointer goes to the on-failure queue) while the stream
   * still holds them (24 h), so a redrive from the pointer can still read the record.
   */
  maxRecordAgeSeconds: z.number().int().min(60).max(21_600).default(3600),
  startingPosition: z.enum(['TRIM_HORIZON', 'LATEST']).default('TRIM_HORIZON'),
});

export { ScheduleExpressionSchema };

export const ScheduleSpecSchema = z.strictObject({
  name: logicalName,
  description: z.string().min(1),
  expression: ScheduleExpressionSchema,
  function: logicalName,
  /** JSON payload delivered as the event. */
  input: z.record(z.string(), z.unknown()).default({}),
  flexibleWindowMinutes: z.number().int().min(0).max(1440).default(0),
  /** Schedules that only make sense with the sandbox running (e.g. the simulated sources' own activity). */
  localOnly: z.boolean().default(false),
  /**
   * Schedules that make up for what only AWS lacks (e.g. inferring deliveries API destinations report no
   * success of, which the local bus reports itself); the local runtime does not run them.
   */
  awsOnly: z.boolean().default(false),
  /**
   * The local runtime fires it once as soon as the hub is up (connector syncs: the first data must not wait
   * a period, nor for a cron's next time). AWS has no such notion: a deployment's first run is the schedule's.
   */
  runAtStart: z.boolean().default(false),
});

/**
 * EventBridge's retry policy for a rule target (MaximumRetryAttempts, MaximumEventAgeInSeconds), which the
 * local bus honours too. Not the hub's own backoff policy (`RetryPolicy` in core/retry).
 */
export const RuleTargetRetryPolicySchema = z.strictObject({
  maximumRetryAttempts: z.number().int().min(0).max(185).default(3),
  maximumEventAgeSeconds: z.number().int().min(60).max(86400).default(3600),
});

export const InputTransformerSchema = z.strictObject({
  inputPathsMap: z.record(z.string(), z.string().startsWith('$')).default({}),
  inputTemplate: z.string().min(1),
});

const targetCommon = {
  id: z.string().regex(/^[\w.-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores'),
  inputPath: z.string().startsWith('$').optional(),
  inputTransformer: InputTransformerSchema.optional(),
  retryPolicy: RuleTargetRetryPolicySchema.prefault({}),
};

export const FunctionTargetSchema = z.strictObject({
  kind: z.literal('function'),
  function: logicalName,
  ...targetCommon,
});

/**
 * An HTTP endpoint of another enterprise system (ERP, call center, PDM...). On AWS an API destination
 * with a connection; locally a plain HTTP POST. `urlSetting` names the config key holding the URL so the
 * endpoint is configuration, not code.
 */
/** Deliveries per second an HTTP target gets unless its rule says otherwise. */
export const DEFAULT_HTTP_RATE_LIMIT_PER_SECOND = 10;

export const HttpTargetSchema = z.strictObject({
  kind: z.literal('http'),
  urlSetting: z.string().regex(/^[A-Z][A-Z0-9_]+$/, 'must be an UPPER_SNAKE_CASE setting name'),
  method: z.enum(['POST', 'PUT', 'DELETE']).default('POST'),
  /**
   * A path segment taken from the event (`$.detail.signalKey`): the request goes to `<url>/<value>`, so
   * a resource keyed by the event is upserted or deleted in place (on AWS the API destination's `*`
   * endpoint and `httpParameters.pathParameterValues`).
   */
  pathParameterPath: z.string().startsWith('$').optional(),
  /** Request headers taken from the event, by header name (e.g. `Idempotency-Key: $.detail.idempotencyKey`). */
  headerPaths: z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'must be an HTTP header name'),
      z.string().startsWith('$'),
    )
    .default({}),
  /** Name of the secret holding the connection's credentials. */
  connectionSecret: z.string().min(1).optional(),
  /**
   * Most invocations per second the receiving system gets (the API destination's invocation rate limit
   * on AWS, a token bucket locally); a burst waits instead of flooding it.
   * @default DEFAULT_HTTP_RATE_LIMIT_PER_SECOND
   */
  invocationRateLimitPerSecond: z.number().int().min(1).max(300).default(DEFAULT_HTTP_RATE_LIMIT_PER_SECOND),
  /**
   * A function told how each delivery ended, `{ receipt: { rule, target, status, at, attempts, reason? },
   * event }` with status `delivered` (the system answered 2xx) or `failed` (dead-lettered): how the reaction
   * ledger tells delivered from failed. The local bus sends both.
   */
  deliveryReceipts: z.strictObject({ function: logicalName }).optional(),
  ...targetCommon,
});

/** The invocation rate an HTTP target gets when its rule names none: enterprise systems are rarely built for bursts. */

export const RuleTargetSchema = z.discriminatedUnion('kind', [FunctionTargetSchema, HttpTargetSchema]);

export const RuleSpecSchema = z.strictObject({
  name: logicalName,
  description: z.string().min(1),
  /** An EventBridge event pattern, validated by the pattern language when the topology loads. */
  pattern: z.record(z.string(), z.unknown()),
  targets: z.array(RuleTargetSchema).min(1).max(5),
});

export const RouteSpecSchema = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  /** API Gateway route path, with `{param}` placeholders. */
  path: z.string().regex(/^\/[A-Za-z0-9_\-/{}.]*$/, 'must start with / and use {param} placeholders'),
  function: logicalName,
  /** OAuth scopes any of which authorizes the route; empty means public (only for /openapi.json, health). */
  scopes: z.array(z.string().min(1)).default([]),
});

export const TopologySchema = z
  .strictObject({
    functions: z.record(logicalName, FunctionSpecSchema),
    streamSubscriptions: z.array(StreamSubscriptionSchema).default([]),
    schedules: z.array(ScheduleSpecSchema).default([]),
    rules: z.array(RuleSpecSchema).default([]),
    routes: z.array(RouteSpecSchema).default([]),
  })
  .superRefine((topology, ctx) => {
    const known = new Set(Object.keys(topology.functions));
    const check = (fn: string, path: (string | number)[]) => {
      if (!known.has(fn)) {
        ctx.addIssue({ code: 'custom', path, message: `refers to function "${fn}", which is not declared` });
      }
    };
    for (const [i, s] of topology.streamSubscriptions.entries()) {
      check(s.function, ['streamSubscriptions', i, 'function']);
    }
    for (const [i, s] of topology.schedules.entries()) {
      check(s.function, ['schedules', i, 'function']);
      if (s.localOnly && s.awsOnly)
        ctx.addIssue({
          code: 'custom',
          path: ['schedules', i],
          message: 'cannot be both localOnly and awsOnly',
        });
    }
    for (const [i, r] of topology.routes.entries()) check(r.function, ['routes', i, 'function']);
    for (const [i, rule] of topology.rules.entries()) {
      for (const [j, t] of rule.targets.entries()) {
        if (t.kind === 'function') check(t.function, ['rules', i, 'targets', j, 'function']);
        if (t.kind === 'http' && t.deliveryReceipts)
          check(t.deliveryReceipts.function, ['rules', i, 'targets', j, 'deliveryReceipts', 'function']);
      }
    }
    for (const [name, spec] of Object.entries(topology.functions)) {
      const publishes = spec.grants.bus === 'put';
      if (publishes !== spec.grants.eventSources.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['functions', name, 'grants', 'eventSources'],
          message: publishes
            ? 'must list the event sources the function publishes (bus: put is conditioned on them)'
            : 'is only meaningful with bus: put',
        });
      }
    }
    // A scheduled run that can outlast its period overlaps the next one; reserved concurrency bounds that.
    for (const [i, schedule] of topology.schedules.entries()) {
      const spec = topology.functions[schedule.function];
      const period = schedulePeriodSeconds(schedule.expression);
      if (spec && period !== undefined && spec.timeoutSeconds > period && !spec.reservedConcurrency) {
        ctx.addIssue({
          code: 'custom',
          path: ['schedules', i, 'expression'],
          message: `runs every ${period}s but "${schedule.function}" may run ${spec.timeoutSeconds}s: give the function reservedConcurrency or a timeout within the period`,
        });
      }
    }
    const dup = (names: string[], what: string, key: string) => {
      const seen = new Set<string>();
      names.forEach((n, i) => {
        if (seen.has(n))
          ctx.addIssue({ code: 'custom', path: [key, i], message: `duplicate ${what} "${n}"` });
        seen.add(n);
      });
    };
    dup(
      topology.schedules.map((s) => s.name),
      'schedule name',
      'schedules',
    );
    dup(
      topology.rules.map((r) => r.name),
      'rule name',
      'rules',
    );
    dup(
      topology.routes.map((r) => `${r.method} ${r.path}`),
      'route',
      'routes',
    );
  });

export type TopologyInput = z.input<typeof TopologySchema>;
export type Topology = z.output<typeof TopologySchema>;
export type FunctionSpec = z.output<typeof FunctionSpecSchema>;
export type StreamSubscription = z.output<typeof StreamSubscriptionSchema>;
export type ScheduleSpec = z.output<typeof ScheduleSpecSchema>;
export type RuleSpec = z.output<typeof RuleSpecSchema>;
export type RuleTarget = z.output<typeof RuleTargetSchema>;
export type RuleTargetRetryPolicy = z.output<typeof RuleTargetRetryPolicySchema>;
export type RouteSpec = z.output<typeof RouteSpecSchema>;
