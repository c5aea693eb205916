import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { RuleSpec } from '../../topology/schema.ts';
import type { DeadLetterStore } from '../dead-letters.ts';
import { PortInUseError } from '../ports.ts';
import { createAdminPostRoutes } from './admin/admin-routes.ts';
import { BusOperations } from './admin/bus-operations.ts';
import { type BusDirectory, busArn, ruleArn } from './api/bus-directory.ts';
import { createOperations } from './api/operations.ts';
import { type BusCredentials, createSigV4Verifier } from './api/verify-sigv4.ts';
import { type EventArchive, MemoryEventArchive } from './archive/event-archive.ts';
import { compileRule } from './delivery/compiled-rule.ts';
import { type DeliveryStats, type InvokeFunction, RuleDispatcher } from './delivery/dispatcher.ts';
import type { ConnectionHeader } from './delivery/http-target.ts';
import type { ParkedDeliveries } from './delivery/parked-deliveries.ts';
import type { RateScheduler } from './delivery/rate-limiter.ts';
import { createRedrive } from './delivery/redrive.ts';
import type { EventEnvelope } from './envelope.ts';
import { type BusLogger, silentLogger } from './logger.ts';
import { createBusRequestHandler } from './server.ts';

/** The setting that moves the bus to another port (named in port-in-use errors). */
export const BUS_PORT_SETTING = 'HUB360_BUS_PORT';

export interface LocalEventBusOptions {
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  readonly busName: string;
  readonly region: string;
  readonly accountId: string;
  /** The topology's rules; every pattern is validated before the bus listens. */
  readonly rules: readonly RuleSpec[];
  readonly invokeFunction: InvokeFunction;
  /** Resolves the settings HTTP targets name in `urlSetting`. */
  readonly resolveSetting: (name: string) => string | undefined;
  /** Credentials of http targets' connections; without it, targets are called unauthenticated. */
  readonly resolveConnection?: (secretName: string) => ConnectionHeader;
  readonly deadLetters: DeadLetterStore;
  /**
   * Where a stop keeps the deliveries still waiting for a rate limit or a retry; the next start resumes them
   * (`FileParkedDeliveries` under the data folder in the local hub). Without it a stop dead-letters them.
   */
  readonly parkedDeliveries?: ParkedDeliveries;
  /**
   * Where every accepted event is archived, for backtests and replays (`FileEventArchive` under the data
   * folder in the local hub). @default an in-memory archive of the last 100,000 events
   */
  readonly archive?: EventArchive;
  /** Time for HTTP targets' rate limits; tests pass a virtual scheduler. */
  readonly rateScheduler?: RateScheduler;
  /**
   * The credentials callers must sign with (SigV4), as on AWS; unsigned or wrongly signed calls are refused.
   * The local hub always passes the ones it generated for its functions; omitted, the bus is open (unit tests).
   */
  readonly credentials?: BusCredentials;
  /** First retry waits about this long, doubling each time. @default 1000 */
  readonly retryBaseDelayMs?: number;
  /** @default 60000 */
  readonly retryMaxDelayMs?: number;
  /** @default 5000 */
  readonly httpTimeoutMs?: number;
  /** Ends an HTTP attempt after `ms`; tests pass one they abort themselves. @default AbortSignal.timeout */
  readonly timeoutSignal?: (ms: number) => AbortSignal;
  /** Setting named when the port is taken. @default 'HUB360_BUS_PORT' */
  readonly portSetting?: string;
  readonly logger?: BusLogger;
  /** For tests: a clock for event age, a random source for jitter, an HTTP client. */
  readonly now?: () => number;
  readonly random?: () => number;
  readonly fetch?: typeof fetch;
}

export interface RunningLocalEventBus {
  /** Base URL for `new EventBridgeClient({ endpoint })`. */
  readonly endpoint: string;
  readonly port: number;
  readonly busName: string;
  readonly busArn: string;
  /** Events accepted by PutEvents so far (on any bus). */
  publishedCount(): number;
  readonly stats: Readonly<DeliveryStats>;
  /** Resolves when every delivery started so far has been delivered or dead-lettered. */
  drain(): Promise<void>;
  /** Backtest, replay and redrive, as the `/_hub360/` admin routes offer them. */
  readonly operations: BusOperations;
  /**
   * Continues the deliveries the last stop kept (`parkedDeliveries`); call once everything their targets need
   * is running. Returns how many were resumed.
   */
  resumeParked(): number;
  /** Stops accepting requests, dead-letters deliveries still waiting to retry, and closes the port. */
  stop(): Promise<void>;
}

const listen = (server: Server, port: number, host: string, setting: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      reject('code' in err && err.code === 'EADDRINUSE' ? new PortInUseError(port, setting) : err);
    };
    server.once('error', onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });

/** Connections still busy this long after close are cut, so stop() cannot hang on a keep-alive client. */
const CLOSE_GRACE_MS = 2000;

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });

/** Starts the EventBridge-compatible bus: validates the rules, then listens. */
export const startLocalEventBus = async (options: LocalEventBusOptions): Promise<RunningLocalEventBus> => {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new RangeError(
      `${options.portSetting ?? BUS_PORT_SETTING} must be a port number 0-65535, got ${options.port}`,
    );
  }
  const logger = options.logger ?? silentLogger;
  const directory: BusDirectory = {
    region: options.region,
    accountId: options.accountId,
    busName: options.busName,
  };
  const rules = options.rules.map(compileRule);
  for (const rule of rules) {
    for (const { spec } of rule.targets) {
      if (spec.kind === 'http' && !options.resolveSetting(spec.urlSetting)) {
        logger.warn('HTTP target has no URL yet; its events will be dead-lettered', {
          rule: rule.spec.name,
          target: spec.id,
          setting: spec.urlSetting,
        });
      }
      const connection =
        spec.kind === 'http' && spec.connectionSecret
          ? options.resolveConnection?.(spec.connectionSecret)
          : undefined;
      if (connection && 'problem' in connection) {
        logger.warn('HTTP target has no connection credentials; its events will be dead-lettered', {
          rule: rule.spec.name,
          target: spec.id,
          problem: connection.problem,
        });
      }
    }
  }

  const dispatcher = new RuleDispatcher({
    rules,
    ruleArn: (name) => ruleArn(directory, name),
    invokeFunction: options.invokeFunction,
    resolveSetting: options.resolveSetting,
    ...(options.resolveConnection ? { resolveConnection: options.resolveConnection } : {}),
    deadLetters: options.deadLetters,
    ...(options.parkedDeliveries ? { parked: options.parkedDeliveries } : {}),
    logger,
    retryBaseDelayMs: options.retryBaseDelayMs,
    retryMaxDelayMs: options.retryMaxDelayMs,
    httpTimeoutMs: options.httpTimeoutMs,
    ...(options.timeoutSignal ? { timeoutSignal: options.timeoutSignal } : {}),
    now: options.now,
    random: options.random,
    fetch: options.fetch,
    ...(options.rateScheduler ? { rateScheduler: options.rateScheduler } : {}),
  });
  const archive = options.archive ?? new MemoryEventArchive();
  const redrive = createRedrive({
    deadLetters: options.deadLetters,
    dispatcher,
    invokeFunction: options.invokeFunction,
  });
  const busOperations = new BusOperations({
    busName: directory.busName,
    archive,
    rules,
    dispatcher,
    deadLetters: options.deadLetters,
    redrive,
  });

  let published = 0;
  const onAccepted = (event: EventEnvelope, busName: string) => {
    published++;
    archive.append(event, busName);
    if (busName !== directory.busName) {
      logger.warn('event put on a bus without rules', { bus: busName, source: event.source, id: event.id });
      return;
    }
    const matched = dispatcher.dispatch(event);
    logger.debug('event accepted', {
      id: event.id,
      source: event.source,
      detailType: event['detail-type'],
      matched,
    });
  };

  const operations = createOperations({
    directory,
    rules,
    now: () => new Date(options.now?.() ?? Date.now()),
    newEventId: randomUUID,
    onAccepted,
  });
  const handler = createBusRequestHandler({
    operations,
    deadLetters: options.deadLetters,
    redrive,
    logger,
    adminPost: createAdminPostRoutes(busOperations, () => new Date(options.now?.() ?? Date.now())),
    describe: () => ({ bus: directory.busName, rules: rules.length, published, ...dispatcher.stats }),
    ...(options.credentials
      ? { verifyRequest: createSigV4Verifier({ credentials: options.credentials, region: options.region }) }
      : {}),
  });
  const server = createServer((req, res) => void handler(req, res));
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port, host, options.portSetting ?? BUS_PORT_SETTING);
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info('local event bus listening', { endpoint, bus: directory.busName, rules: rules.length });

  let stopping: Promise<void> | undefined;
  return {
    endpoint,
    port,
    busName: directory.busName,
    busArn: busArn(directory, directory.busName),
    publishedCount: () => published,
    stats: dispatcher.stats,
    drain: () => dispatcher.drain(),
    operations: busOperations,
    resumeParked: () => {
      const resumed = dispatcher.resume(options.parkedDeliveries?.takeAll() ?? []);
      if (resumed > 0) logger.info('resumed deliveries kept at the last stop', { deliveries: resumed });
      return resumed;
    },
    stop: () => {
      stopping ??= (async () => {
        await close(server);
        await dispatcher.stop();
        archive.flush();
      })();
      return stopping;
    },
  };
};
