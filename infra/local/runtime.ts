import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { customer360Table, physicalTableName } from '../../adapters/dynamodb/table.ts';
import { loggerFor } from '../../adapters/observability/powertools.ts';
import { stopActiveSyncs } from '../../app/connector-sync/active-syncs.ts';
import { loadConnectorsConfig } from '../../connectors/config/load-connectors-config.ts';
import { resetHubEnv } from '../../schemas/config/hub-env.ts';
import { hubTopology, hubTopologyFor, type Topology } from '../topology/index.ts';
import { settingsFromEnvironment, withSettings } from '../topology/settings.ts';
import { startAdminServer } from './admin/admin-server.ts';
import { createHubStoreAccess, type HubStoreAccess } from './admin/hub-store-access.ts';
import { createHubSyncService, hubNamesOf } from './admin/hub-sync-service.ts';
import { localApiSecretEnvironment } from './auth/api-secrets.ts';
import { createDevIssuer } from './auth/dev-issuer.ts';
import { loadOrCreateLocalCredentials } from './auth/local-credentials.ts';
import { resolveConnectionFromEnvironment } from './connection-secrets.ts';
import { CONSOLE_PATH, startConsoleSite } from './console/console-site.ts';
import { erpSystemsOf } from './console/erp-systems.ts';
import { DeadLetterStore } from './dead-letters.ts';
import { FileEventArchive } from './eventbus/archive/file-event-archive.ts';
import { FileParkedDeliveries } from './eventbus/delivery/parked-deliveries.ts';
import { type RunningLocalEventBus, startLocalEventBus } from './eventbus/start-local-event-bus.ts';
import { hubModuleLoader, loadHandler } from './functions/load-handler.ts';
import {
  createLocalFunctions,
  type InvocationTrace,
  type LocalFunctions,
} from './functions/local-functions.ts';
import { CorsConfigSchema } from './gateway/cors.ts';
import { startHttpGateway } from './gateway/http-gateway.ts';
import { localConnectorEnvironment } from './local-connectors.ts';
import { type RuntimeInfo, writeRuntimeInfo } from './runtime-info.ts';
import { withLocalConnectorPoll } from './scheduler/connector-poll.ts';
import { withLocalDailySchedules } from './scheduler/daily-schedules.ts';
import { parseSchedules, startLocalScheduler } from './scheduler/local-scheduler.ts';
import type { LocalSettings } from './settings.ts';
import { releaseLocalDeadHolderLeases } from './store/dead-holder-leases.ts';
import { localAwsIdentity, type RunningDynamoDbLocal } from './store/dynamodb-local.ts';
import { startLocalStore } from './store/start-local-store.ts';
import { ensureTable } from './store/tables.ts';
import { createFileCheckpointStore } from './streams/checkpoint-store.ts';
import { createStreamPoller, type StreamPoller } from './streams/stream-poller.ts';

/** The repository root: function entries in the topology are relative to it. */
export const repositoryRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const ACCOUNT_ID = '000000000000';
const STAGE = 'local';
/** Deliveries a stop interrupted, kept in the data folder for the next start. */
const PARKED_DELIVERIES_FILE = 'parked-deliveries.jsonl';
/** How long a stop waits for aborted syncs to release their leases before it goes on. */
const SYNC_STOP_WAIT_MS = 5_000;

/** Systems the hub pulls from (the sandbox by default): started before the functions so their URLs are known. */
export interface LocalSources {
  /** Environment variables the connector functions need to reach the sources. */
  readonly environment: Readonly<Record<string, string>>;
  /** Lines for the start-up banner. */
  readonly describe: () => string[];
  /** An identifier one of the sources' customers really has (`email:…`), for the banner's examples. */
  readonly exampleIdentifier?: () => string | undefined;
  /** Where the systems that receive the hub's reactions list what they got. */
  readonly reactionsInbox?: { readonly url: string; readonly authorization: string };
  stop(): Promise<void>;
}

export interface LocalHubOptions {
  readonly settings: LocalSettings;
  /** @default hub360's topology for the configured connector instances (`hubTopologyFor`) */
  readonly topology?: Topology;
  /** @default the repository root */
  readonly rootDir?: string;
  /**
   * The store, already starting (`npm start` starts it before loading the runtime, see `startLocalStore`);
   * the hub stops it with everything else. @default started here
   */
  readonly store?: Promise<RunningDynamoDbLocal>;
  /** Starts the source systems; omitted = none. */
  readonly startSources?: (dataDir: string) => Promise<LocalSources>;
  /** Extra function environment (e.g. target URLs); wins over everything but the hub's own variables. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Tests shorten Lambda's and EventBridge's retry delays. */
  readonly asyncRetryDelaysMs?: readonly number[];
  readonly busRetryBaseDelayMs?: number;
  /** Told of every function invocation once it ended (benches trace a change through the hub with it). */
  readonly onInvocation?: (trace: InvocationTrace) => void;
  /** Fire the schedules marked `runAtStart` (connector syncs) as soon as the hub is up. @default true */
  readonly runSchedulesAtStart?: boolean;
  /**
   * Gap between those start-up syncs after the first, which waits alone until the store's first change (see
   * `startLocalScheduler`); each connector's first page is small. @default 1000
   */
  readonly runAtStartSpacingMs?: number;
  readonly logger?: Logger;
}

export interface LocalHub {
  readonly info: RuntimeInfo;
  readonly functions: LocalFunctions;
  readonly bus: RunningLocalEventBus;
  readonly deadLetters: DeadLetterStore;
  readonly sources: LocalSources | undefined;
  readonly schedules: ReturnType<ReturnType<typeof startLocalScheduler>['describe']>;
  /** Mints a development token for the local API. */
  mintToken(scopes: string[], subject?: string): Promise<string>;
  /**
   * Waits until the change feed has delivered every write, and every accepted async invocation and bus
   * delivery has settled, five rounds deep (a reaction's write feeds the change feed again).
   */
  settle(): Promise<void>;
  /** Stops everything in reverse order; safe to call twice. */
  stop(): Promise<void>;
}

/** Function environment variables that two declarations give different values: a topology mistake. */
const mergeFunctionEnvironments = (topology: Topology): Record<string, string> => {
  const merged: Record<string, string> = {};
  for (const [name, spec] of Object.entries(topology.functions)) {
    for (const [key, value] of Object.entries(spec.environment)) {
      if (key in merged && merged[key] !== value) {
        throw new Error(
          `functions.${name}.environment.${key}: conflicts with another function's value; ` +
            'the local runtime runs every function in one process and needs one value per variable',
        );
      }
      merged[key] = value;
    }
  }
  return merged;
};

/**
 * Starts hub360 on this machine from the same topology the CDK stack is built from: DynamoDB Local as the
 * store, its stream as the change feed, the EventBridge-compatible bus, the scheduler, the functions with
 * Lambda semantics and the HTTP gateway. Handlers talk to them through the unmodified SDK v3 clients; only the
 * endpoints differ, set through the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` variables.
 */
export const startLocalHub = async (options: LocalHubOptions): Promise<LocalHub> => {
  const { settings } = options;
  // The user's settings blocks (HUB_INSIGHTS_CONFIG, HUB_DEMAND_CONFIG, …), validated before anything starts and
  // handed to the functions that read them.
  const settingsBlocks = settingsFromEnvironment(process.env);
  // Connector instances only add schedules: functions, rules and routes are the same whatever is configured.
  const baseTopology = withSettings(options.topology ?? hubTopology, settingsBlocks);
  const rootDir = options.rootDir ?? repositoryRoot;
  const dataDir = resolve(settings.dataDir);
  const logger = options.logger ?? loggerFor('local', settings.logLevel);
  const log = (
    level: 'debug' | 'info' | 'warn' | 'error',
    message: string,
    details?: Record<string, unknown>,
  ) => logger[level]({ message, ...details });
  const busLogger = {
    debug: (message: string, details?: Record<string, unknown>) => log('debug', message, details),
    info: (message: string, details?: Record<string, unknown>) => log('info', message, details),
    warn: (message: string, details?: Record<string, unknown>) => log('warn', message, details),
    error: (message: string, details?: Record<string, unknown>) => log('error', message, details),
  };
  // Validate everything that can be wrong in the topology before any process starts.
  parseSchedules(baseTopology.schedules);
  const functionEnvironment = mergeFunctionEnvironments(baseTopology);

  if (settings.fresh) {
    // The store's own folder is emptied by startLocalStore, before its JVM opens it.
    for (const part of [
      'stream-checkpoints.json',
      'dead-letters.jsonl',
      PARKED_DELIVERIES_FILE,
      'landing',
      'archive',
    ]) {
      rmSync(join(dataDir, part), { recursive: true, force: true });
    }
  }

  const stack: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    while (stack.length > 0) {
      const stopStep = stack.pop();
      try {
        await stopStep?.();
      } catch (err: unknown) {
        log('error', 'error while stopping', { error: err instanceof Error ? err.message : String(err) });
      }
    }
  };

  try {
    // The store's JVM starts while the source systems seed their data: start-up waits for the slower, not both.
    const [storeStart, sourcesStart] = await Promise.allSettled([
      options.store ?? startLocalStore(settings),
      options.startSources ? options.startSources(dataDir) : Promise.resolve(undefined),
    ]);
    if (storeStart.status === 'fulfilled') stack.push(() => storeStart.value.stop());
    if (sourcesStart.status === 'fulfilled' && sourcesStart.value) {
      const started = sourcesStart.value;
      stack.push(() => started.stop());
    }
    if (storeStart.status === 'rejected') throw storeStart.reason;
    if (sourcesStart.status === 'rejected') throw sourcesStart.reason;
    const store = storeStart.value;
    const sources = sourcesStart.value;
    const tableName = physicalTableName(`hub360-${STAGE}`, customer360Table);
    const dynamo = new DynamoDBClient({ endpoint: store.endpoint, ...localAwsIdentity });
    const { streamArn } = await ensureTable(dynamo, customer360Table, tableName);
    dynamo.destroy();

    const deadLetters = new DeadLetterStore({ file: join(dataDir, 'dead-letters.jsonl') });
    const busName = `hub360-${STAGE}`;
    const landingDir = join(dataDir, 'landing');
    // The hub's own AWS credentials: functions and the CLI sign with them, the bus accepts nothing else.
    const credentials = await loadOrCreateLocalCredentials(dataDir);
    const busPlaceholder = `http://${settings.host}:${settings.busPort}`;

    const environment: Record<string, string> = {
      ...functionEnvironment,
      // The query API's cursor-signing key, generated once and kept in the data folder.
      ...(await localApiSecretEnvironment(dataDir)),
      ...(sources?.environment ?? {}),
      // The user's HUB_CONNECTORS (merged over the sandbox's), validated whole before anything runs.
      ...localConnectorEnvironment(process.env, sources?.environment),
      ...(options.environment ?? {}),
      HUB_STAGE: STAGE,
      HUB_TABLE_NAME: tableName,
      HUB_EVENT_BUS_NAME: busName,
      HUB_LANDING_DIR: landingDir,
      AWS_REGION: localAwsIdentity.region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: store.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: store.endpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_SERVICE_NAME: 'hub360',
      POWERTOOLS_METRICS_NAMESPACE: 'hub360',
      POWERTOOLS_LOG_LEVEL: settings.logLevel,
      POWERTOOLS_DEV: settings.logFormat === 'pretty' ? 'true' : 'false',
      POWERTOOLS_TRACE_ENABLED: 'false',
    };
    // One sync schedule per configured connector instance, whatever its name (the sandbox's and the user's).
    const topology = withSettings(
      options.topology ?? hubTopologyFor(loadConnectorsConfig(environment)),
      settingsBlocks,
    );
    const previousEnv = { ...process.env };
    const applyEnvironment = (busEndpoint: string) => {
      Object.assign(process.env, environment, {
        AWS_ENDPOINT_URL_EVENTBRIDGE: busEndpoint,
        // The dead-letter API function reads the runtime's store through the bus's admin routes.
        HUB_DEAD_LETTERS_URL: `${busEndpoint}/_hub360/dead-letters`,
      });
      resetHubEnv();
    };
    applyEnvironment(busPlaceholder);
    stack.push(() => {
      for (const key of Object.keys(process.env)) if (!(key in previousEnv)) delete process.env[key];
      Object.assign(process.env, previousEnv);
      resetHubEnv();
    });

    const pollers: StreamPoller[] = [];
    const modules = hubModuleLoader();
    stack.push(() => modules.release());
    const functions = createLocalFunctions({
      functions: topology.functions,
      loadHandler: (name, spec) => loadHandler(name, spec, rootDir, modules.importModule),
      onFailure: deadLetters,
      ...(options.asyncRetryDelaysMs ? { asyncRetryDelaysMs: options.asyncRetryDelaysMs } : {}),
      onInvocation: (trace) => {
        options.onInvocation?.(trace);
        // A function that may have written the table: the change feed polls now rather than after its wait.
        if (topology.functions[trace.function]?.grants.table === 'readWrite')
          for (const poller of pollers) poller.nudge();
      },
      log,
    });
    // Give running invocations a moment to finish; a sync cut short is safe (it checkpoints only committed pages).
    stack.push(async () => {
      await Promise.race([functions.idle(), new Promise((r) => setTimeout(r, 5_000).unref())]);
    });

    const bus = await startLocalEventBus({
      port: settings.busPort,
      host: settings.host,
      busName,
      region: localAwsIdentity.region,
      accountId: ACCOUNT_ID,
      rules: topology.rules,
      invokeFunction: (name, event) => functions.invokeAsync(name, event),
      resolveSetting: (name) => process.env[name],
      resolveConnection: resolveConnectionFromEnvironment(process.env),
      deadLetters,
      // Deliveries a stop interrupts (rate limit, retry wait) are kept here and resumed at the next start.
      parkedDeliveries: new FileParkedDeliveries({
        file: join(dataDir, PARKED_DELIVERIES_FILE),
        onCorruptLine: (line, problem) =>
          log('warn', 'skipped an unreadable parked delivery', { line, problem }),
      }),
      archive: new FileEventArchive({
        dir: join(dataDir, 'archive'),
        onCorruptLine: (file, line, problem) =>
          log('warn', 'skipped an unreadable archive line', { file, line, problem }),
        onWriteError: (error) => log('error', 'could not archive events', { error: String(error) }),
      }),
      credentials,
      logger: busLogger,
      ...(options.busRetryBaseDelayMs === undefined ? {} : { retryBaseDelayMs: options.busRetryBaseDelayMs }),
    });
    stack.push(() => bus.stop());
    applyEnvironment(bus.endpoint);

    // Built on first use, from the environment the functions run with (the user's config and secrets).
    let hubSyncService: ReturnType<typeof createHubSyncService> | undefined;
    const syncService = () => {
      hubSyncService ??= createHubSyncService(process.env, tableName);
      return hubSyncService;
    };
    let hubStoreAccess: HubStoreAccess | undefined;
    const admin = await startAdminServer({
      host: settings.host,
      port: 0,
      region: localAwsIdentity.region,
      credentials,
      service: syncService,
      names: () => hubNamesOf(syncService(), topology),
      store: () => {
        hubStoreAccess ??= createHubStoreAccess({ tableName, client: { endpoint: store.endpoint } });
        return hubStoreAccess;
      },
      log,
    });
    stack.push(() => admin.stop());

    const streamsClient = new DynamoDBStreamsClient({ endpoint: store.endpoint, ...localAwsIdentity });
    stack.push(() => streamsClient.destroy());
    const checkpoints = createFileCheckpointStore(join(dataDir, 'stream-checkpoints.json'));
    // Opens once the store's change feed carries its first change: the first start-up sync committed a page.
    let storeChanged = () => {};
    const firstStoreChange = new Promise<void>((resolveChange) => {
      storeChanged = resolveChange;
    });
    for (const subscription of topology.streamSubscriptions) {
      const poller = createStreamPoller({
        streamsClient,
        streamArn,
        subscription,
        deliver: (event) => {
          storeChanged();
          return functions.invoke(subscription.function, event);
        },
        checkpoints,
        onFailure: deadLetters,
        pollIntervalMs: settings.streamPollMs,
        log,
      });
      poller.start();
      pollers.push(poller);
      stack.push(() => poller.stop());
    }

    // A hub killed with SIGKILL left its syncs' leases behind; the start-up syncs must not skip for them.
    const freed = await releaseLocalDeadHolderLeases(
      store.endpoint,
      tableName,
      Object.keys(loadConnectorsConfig(environment)),
    );
    if (freed.length > 0) log('info', 'released sync leases of a stopped process', { leases: freed });
    const scheduler = startLocalScheduler({
      schedules: withLocalConnectorPoll(
        withLocalDailySchedules(topology.schedules, {
          insights: settings.insightsSchedule,
          demand: settings.demandSchedule,
          coverage: settings.coverageSchedule,
        }),
        settings.connectorPollSeconds,
      ),
      invokeAsync: (name, input) => functions.invokeAsync(name, input),
      runAtStart: options.runSchedulesAtStart ?? true,
      runAtStartSpacingMs: options.runAtStartSpacingMs ?? 1_000,
      // The first connector has the machine to itself until its first page is stored (at most 10 s).
      runAtStartGate: firstStoreChange,
      log,
    });
    stack.push(() => scheduler.stop());

    const issuer = await createDevIssuer({ dataDir });
    const consoleSite = await startConsoleSite({
      dataDir,
      mintToken: (scopes, subject) => issuer.mintToken({ scopes, subject }),
      erpSystems: erpSystemsOf(environment),
    });
    const gateway = await startHttpGateway({
      site: consoleSite,
      routes: topology.routes,
      invoke: (name, event) => functions.invoke(name, event),
      authorizer: issuer.authorizer,
      cors: CorsConfigSchema.parse({ allowOrigins: settings.corsOrigins }),
      port: settings.apiPort,
      host: settings.host,
      onError: (err, routeKey) =>
        log('error', 'route handler failed', {
          routeKey,
          error: err instanceof Error ? err.stack : String(err),
        }),
    });
    stack.push(() => gateway.stop());
    // The query API's handlers load in the background, not on an agent's first search (a cold module load is
    // most of the first search's wait); a handler that cannot load still fails its own requests. They load once
    // the first page is stored (or after 10 s): there is nothing to read before, and loading them all at once
    // would hold up that first page on a busy machine.
    let warmed = false;
    const warmApi = () => {
      if (warmed) return;
      warmed = true;
      for (const name of new Set(topology.routes.map((route) => route.function))) {
        functions
          .warm(name)
          .catch((err: unknown) =>
            log('warn', 'could not preload an API handler', { name, error: String(err) }),
          );
      }
    };
    const warmTimer = setTimeout(warmApi, 10_000);
    warmTimer.unref();
    void firstStoreChange.then(() => {
      clearTimeout(warmTimer);
      warmApi();
    });
    stack.push(() => clearTimeout(warmTimer));

    const info: RuntimeInfo = {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      dataDir,
      apiUrl: gateway.url,
      consoleUrl: `${gateway.url}${CONSOLE_PATH}`,
      busEndpoint: bus.endpoint,
      adminUrl: admin.url,
      busName,
      storeEndpoint: store.endpoint,
      tableName,
      streamArn,
      region: localAwsIdentity.region,
      functionEnvironment: { ...environment, AWS_ENDPOINT_URL_EVENTBRIDGE: bus.endpoint },
    };
    stack.push(writeRuntimeInfo(dataDir, info));
    // First thing on stop: no new run starts, then the syncs running here are aborted and given a few seconds to
    // release their connector's lease (a sync under a slow store can take minutes to reach its next page).
    stack.push(async () => {
      scheduler.stop();
      if (!(await stopActiveSyncs('the local hub is stopping', { waitMs: SYNC_STOP_WAIT_MS })))
        log('warn', 'syncs still running at stop; their leases lapse or are released at the next start', {
          waitedMs: SYNC_STOP_WAIT_MS,
        });
    });

    bus.resumeParked();

    let stopping: Promise<void> | undefined;
    return {
      info,
      functions,
      bus,
      deadLetters,
      sources,
      schedules: scheduler.describe(),
      mintToken: (scopes, subject) => issuer.mintToken({ scopes, ...(subject ? { subject } : {}) }),
      settle: async () => {
        // A round: the change feed delivered every write made so far, the bus every event put so far, and
        // the functions they invoked finished. Their writes and events start the next round's work.
        for (let i = 0; i < 5; i++) {
          await Promise.all(pollers.map((poller) => poller.caughtUp()));
          await bus.drain();
          await functions.idle();
        }
      },
      stop: () => {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (err: unknown) {
    await stopAll();
    throw err;
  }
};
