import { parseArgs } from 'node:util';
import * as z from 'zod';
import { ConfigError } from '../../schemas/config/parse-config.ts';

const scheduleExpression = z
  .string()
  .regex(/^(rate|cron)\(.+\)$/, 'must be a schedule expression such as rate(10 minutes)')
  .default('rate(10 minutes)');
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes');

/**
 * Settings of the embedded local runtime. Every one can be given as an environment variable (in the shell or
 * `.env`) or as a flag of `npm start -- <flag>`; flags win. Ports set to 0 pick a free port.
 */
export const LocalSettingsSchema = z.object({
  /** HUB360_DATA_DIR / --data-dir: where the store, checkpoints, dead letters and the dev issuer key live. */
  dataDir: z.string().min(1).default('.hub360'),
  /** HUB360_HOST / --host: the interface every local endpoint binds to. */
  host: z.string().min(1).default('127.0.0.1'),
  /** HUB360_API_PORT / --api-port */
  apiPort: port(4360),
  /** HUB360_BUS_PORT / --bus-port */
  busPort: port(4361),
  /** HUB360_STORE_PORT / --store-port */
  storePort: port(4362),
  /** HUB360_FRESH / --fresh: start from an empty store (the dev issuer key is kept). */
  fresh: flag.default(false),
  /** HUB360_SANDBOX / --no-sandbox: start the simulated ERP, PDM, SCM and web systems. */
  sandbox: flag.default(true),
  /**
   * HUB360_STREAM_POLL_MS / --stream-poll-ms: how often the change feed polls the table's stream when idle (AWS's
   * event source mapping polls 4 times a second); a function that writes the table makes it poll at once.
   */
  streamPollMs: z.coerce.number().int().min(50).max(60_000).default(250),
  /** HUB360_LOG_FORMAT / --log-format: `pretty` (indented, for a terminal) or `json` (one line per entry). */
  logFormat: z.enum(['pretty', 'json']).default('pretty'),
  /** HUB360_LOG_LEVEL / --log-level */
  logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
  /** HUB360_CORS_ORIGINS / --cors-origins: comma-separated origins the API answers CORS for. */
  corsOrigins: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  /** HUB360_SANDBOX_TICK_MS / --sandbox-tick-ms: how often the sandbox systems change their data (0 = never). */
  sandboxTickMs: z.coerce.number().int().min(0).default(5_000),
  /**
   * HUB360_CONNECTOR_POLL_SECONDS / --connector-poll-seconds: when set, every connector instance syncs every
   * this many seconds locally instead of on its schedule (minutes on AWS), so a source change shows up fast.
   */
  connectorPollSeconds: z.coerce.number().int().min(1).max(86_400).optional(),
  /**
   * HUB360_INSIGHTS_SCHEDULE / --insights-schedule: how often the insights population run (time-driven stage
   * moves, key customers, RFM) fires locally; daily on AWS. A schedule expression such as `rate(10 minutes)`.
   */
  insightsSchedule: scheduleExpression,
  /**
   * HUB360_DEMAND_SCHEDULE / --demand-schedule: how often the demand re-evaluation (watched parts re-decided for
   * what only time changes) fires locally; daily on AWS. A schedule expression such as `rate(10 minutes)`.
   */
  demandSchedule: scheduleExpression,
  /**
   * HUB360_COVERAGE_SCHEDULE / --coverage-schedule: how often the coverage sweep (warranties and contracts whose end
   * entered the notice window) fires locally; daily on AWS. A schedule expression such as `rate(10 minutes)`.
   */
  coverageSchedule: scheduleExpression,
});
export type LocalSettings = z.output<typeof LocalSettingsSchema>;

const ENV_NAMES: Record<keyof LocalSettings, string> = {
  dataDir: 'HUB360_DATA_DIR',
  host: 'HUB360_HOST',
  apiPort: 'HUB360_API_PORT',
  busPort: 'HUB360_BUS_PORT',
  storePort: 'HUB360_STORE_PORT',
  fresh: 'HUB360_FRESH',
  sandbox: 'HUB360_SANDBOX',
  streamPollMs: 'HUB360_STREAM_POLL_MS',
  logFormat: 'HUB360_LOG_FORMAT',
  logLevel: 'HUB360_LOG_LEVEL',
  corsOrigins: 'HUB360_CORS_ORIGINS',
  sandboxTickMs: 'HUB360_SANDBOX_TICK_MS',
  connectorPollSeconds: 'HUB360_CONNECTOR_POLL_SECONDS',
  insightsSchedule: 'HUB360_INSIGHTS_SCHEDULE',
  demandSchedule: 'HUB360_DEMAND_SCHEDULE',
  coverageSchedule: 'HUB360_COVERAGE_SCHEDULE',
};

/** Reads settings from flags, then the environment, then defaults; a bad value names the variable or flag. */
export const readLocalSettings = (argv: readonly string[], env: NodeJS.ProcessEnv): LocalSettings => {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      host: { type: 'string' },
      'api-port': { type: 'string' },
      'bus-port': { type: 'string' },
      'store-port': { type: 'string' },
      fresh: { type: 'boolean' },
      'no-sandbox': { type: 'boolean' },
      'stream-poll-ms': { type: 'string' },
      'log-format': { type: 'string' },
      'log-level': { type: 'string' },
      'cors-origins': { type: 'string' },
      'sandbox-tick-ms': { type: 'string' },
      'connector-poll-seconds': { type: 'string' },
      'insights-schedule': { type: 'string' },
      'demand-schedule': { type: 'string' },
      'coverage-schedule': { type: 'string' },
    },
  });
  const fromFlags: Partial<Record<keyof LocalSettings, unknown>> = {
    dataDir: values['data-dir'],
    host: values.host,
    apiPort: values['api-port'],
    busPort: values['bus-port'],
    storePort: values['store-port'],
    fresh: values.fresh,
    sandbox: values['no-sandbox'] ? false : undefined,
    streamPollMs: values['stream-poll-ms'],
    logFormat: values['log-format'],
    logLevel: values['log-level'],
    corsOrigins: values['cors-origins'],
    sandboxTickMs: values['sandbox-tick-ms'],
    connectorPollSeconds: values['connector-poll-seconds'],
    insightsSchedule: values['insights-schedule'],
    demandSchedule: values['demand-schedule'],
    coverageSchedule: values['coverage-schedule'],
  };
  const merged: Record<string, unknown> = {};
  for (const key of Object.keys(ENV_NAMES) as Array<keyof LocalSettings>) {
    const value = fromFlags[key] ?? env[ENV_NAMES[key]];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  const result = LocalSettingsSchema.safeParse(merged);
  if (result.success) return result.data;
  // Name the variable (and flag) a person would actually change, not the internal key.
  throw new ConfigError(
    'local settings',
    result.error.issues.map((issue) => {
      const key = String(issue.path[0]) as keyof LocalSettings;
      const flagName = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      return `${ENV_NAMES[key] ?? key} (${flagName}): ${issue.message}`;
    }),
  );
};
