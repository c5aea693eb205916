import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../../schemas/config/parse-config.ts';
import { installPrettyConsole } from './logging/pretty-console.ts';
import { PortInUseError } from './ports.ts';
import { createSignalShutdown } from './process/signal-shutdown.ts';
import type { LocalHub } from './runtime.ts';
import { readLocalSettings } from './settings.ts';
import { JavaMissingError } from './store/java.ts';
import { startLocalStore } from './store/start-local-store.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const banner = (hub: LocalHub, ruleCount: number): string => {
  const { info } = hub;
  const row = (label: string, value: string, note = '') => `  ${label.padEnd(30)}${value.padEnd(34)}${note}`;
  // An identifier the sandbox really has; without the sandbox, the user's own systems decide what exists.
  const identifier = hub.sources?.exampleIdentifier?.() ?? 'email:<a customer e-mail in your systems>';
  const customers = `${info.apiUrl}/customers?identifier=${identifier}`;
  const inbox = hub.sources?.reactionsInbox;
  const dataDirFlag = info.dataDir === resolve('.hub360') ? '' : ` --data-dir ${info.dataDir}`;
  return [
    '',
    'hub360 is running locally (stage "local"). Ctrl-C stops everything.',
    '',
    row('API (HTTP API, payload 2.0)', info.apiUrl, `OpenAPI: ${info.apiUrl}/openapi.json`),
    ...(info.consoleUrl
      ? [row('Console (agent, operator)', info.consoleUrl, 'sign in locally by choosing a role')]
      : []),
    row('Event bus (EventBridge API)', info.busEndpoint, `bus ${info.busName}, ${ruleCount} rule(s)`),
    row('Store (DynamoDB Local)', info.storeEndpoint, `table ${info.tableName}`),
    row('Data folder', info.dataDir, 'kept across restarts; `npm start -- --fresh` starts empty'),
    '',
    'Schedules:',
    ...hub.schedules.map(
      (s) => `  ${s.name.padEnd(30)}${s.expression.padEnd(34)}next ${s.next?.toISOString() ?? '-'}`,
    ),
    ...(hub.sources ? ['', 'Sandbox systems (simulated legacy sources):', ...hub.sources.describe()] : []),
    '',
    'Try (in another terminal, in this folder):',
    `  TOKEN=$(npx hub360 token --scopes customers:read${dataDirFlag})`,
    `  curl -s -H "Authorization: Bearer $TOKEN" "${customers}"`,
    `  npx hub360 connectors${dataDirFlag}          # sync status, lag, last error per connector`,
    `  npx hub360 sync <connector>${dataDirFlag}    # sync now with a progress line; --help lists options`,
    `  npx hub360 connectors check <connector>${dataDirFlag}   # connection, auth, first page mapped; writes nothing`,
    `  npx hub360 quarantine${dataDirFlag}          # source records that failed validation, with reasons`,
    `  npx hub360 dead-letters${dataDirFlag}        # deliveries the hub gave up on`,
    ...(inbox
      ? [
          '  # the reactions the sandbox systems received (ERP demand signals, call-center tasks, ...):',
          `  curl -s -H "Authorization: ${inbox.authorization}" "${inbox.url}"`,
        ]
      : []),
    '',
  ].join('\n');
};

const explain = (err: unknown): string => {
  if (err instanceof ConfigError || err instanceof PortInUseError || err instanceof JavaMissingError)
    return err.message;
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
};

const run = async () => {
  // A .env file in the working directory may hold settings and connector secrets (never committed).
  if (existsSync('.env')) process.loadEnvFile('.env');
  const settings = readLocalSettings(process.argv.slice(2), process.env);
  if (settings.logFormat === 'pretty') {
    // Powertools loggers write through the global console in dev mode; the pretty console makes that readable.
    process.env.POWERTOOLS_DEV = 'true';
    installPrettyConsole();
  }
  // The store's JVM starts first, while the runtime's modules load: it is the slowest step of a start-up.
  const store = startLocalStore(settings);
  store.catch(() => undefined); // observed by startLocalHub, which reports and cleans up a failed start
  const [{ startLocalHub }, { startSandboxSources }] = await Promise.all([
    import('./runtime.ts'),
    import('./sandbox-sources.ts'),
  ]);
  const hub = await startLocalHub({
    settings,
    store,
    ...(settings.sandbox
      ? { startSources: (dataDir: string) => startSandboxSources(dataDir, settings) }
      : {}),
  });
  const { hubTopology } = await import('../topology/index.ts');
  process.stdout.write(`${banner(hub, hubTopology.rules.length)}\n`);

  // A heartbeat of what the hub did, so the terminal shows it filling from the sandbox systems.
  let last = '';
  const heartbeat = setInterval(() => {
    const { stats } = hub.bus;
    const line =
      `activity: ${hub.bus.publishedCount()} events published, ${stats.delivered} reactions delivered, ` +
      `${stats.retried} retried, ${hub.deadLetters.list().length} dead letters`;
    if (line !== last) process.stdout.write(`${new Date().toISOString().slice(11, 19)}  ${line}\n`);
    last = line;
  }, 15_000);
  heartbeat.unref();

  const shutdown = createSignalShutdown({
    stop: () => {
      clearInterval(heartbeat);
      return hub.stop();
    },
    write: (stream, text) => process[stream].write(text),
    exit: (code) => process.exit(code),
  });
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
};

run().catch((err: unknown) => {
  process.stderr.write(`\nhub360 could not start:\n${explain(err)}\n`);
  process.exit(1);
});
