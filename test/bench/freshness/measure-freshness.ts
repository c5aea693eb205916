import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import * as z from 'zod';
import { secretEnvironmentVariable } from '../../../adapters/secrets/environment-secrets.ts';
import { loadConnectorsConfig } from '../../../connectors/config/load-connectors-config.ts';
import type { InvocationTrace } from '../../../infra/local/functions/local-functions.ts';
import { startLocalHub } from '../../../infra/local/runtime.ts';
import {
  sandboxConnectorEnvironment,
  sandboxConnectorsConfig,
} from '../../../infra/local/sandbox-connectors.ts';
import { withLocalConnectorPoll } from '../../../infra/local/scheduler/connector-poll.ts';
import { LocalSettingsSchema } from '../../../infra/local/settings.ts';
import { hubTopologyFor } from '../../../infra/topology/index.ts';
import type { Topology } from '../../../infra/topology/schema.ts';
import {
  type Sandbox,
  type ShortageOrder,
  sandboxResourcePaths,
  startSandbox,
} from '../../../sandbox/index.ts';
import { connectorSyncedToEnd } from '../../support/connector-syncs.ts';
import type { FreshnessResult } from '../report/results.ts';
import { percentile, summarizeLatencies } from '../stats/latency.ts';
import { type EntryPath, STAGE_KEYS, traceChange } from './change-trace.ts';

export interface FreshnessBenchOptions {
  readonly topology: Topology;
  readonly dataDir: string;
  readonly samples: number;
  /** Sandbox customers (a small world keeps the initial sync short). */
  readonly sandboxCustomers: number;
  /** Gives up on one change after this long without its reaction. */
  readonly timeoutMs: number;
}

/**
 * The change and reaction timed: an SAP order for more units than stock (`placeShortageOrder`) raises or
 * supersedes its part's demand signal, which ERP production planning receives as a planned order
 * (`PUT /erp/planned-orders/<key>`, rule `demand-signal-to-erp-planning`).
 */
const SCENARIO = {
  reaction: 'demand-signal-to-erp-planning',
  change: 'An SAP order for more units than every warehouse holds (`placeShortageOrder`)',
  connector: 'sap-s4',
  stream: 'sales-orders',
} as const;

/** The local fast-poll setting the phase runs with: every connector syncs every this many seconds. */
const CONNECTOR_POLL_SECONDS = 5;

/** Calls ERP production planning received (planned orders are not inbox messages; they have their own book). */
const plannedOrderCalls = (sandbox: Sandbox) => sandbox.inbox.plannedOrders.calls();

/**
 * The sandbox's environment for the hub: connectors pointed at it, every reaction target at its inbox, every
 * connection secret answered by the inbox token. Mirrors `infra/local/sandbox-sources.ts`, which keeps its
 * sandbox to itself (and at demo scale); the bench starts its own, small, so it can change source data at a
 * moment of its choosing.
 */
const sandboxEnvironment = (sandbox: Sandbox, topology: Topology): Record<string, string> => {
  const { endpoints, credentials } = sandbox;
  const inbox = (path: string) => `${endpoints.inbox}${path}`;
  const authorization = JSON.stringify({ apiKeyValue: `Bearer ${credentials.inbox.token}` });
  const httpTargets = topology.rules
    .flatMap((rule) => rule.targets)
    .flatMap((t) => (t.kind === 'http' ? [t] : []));
  return {
    ...sandboxConnectorEnvironment(endpoints, credentials),
    REACTION_ERP_PLANNED_ORDER_URL: inbox('/erp/planned-orders'),
    REACTION_CALL_CENTER_TASK_URL: inbox(sandboxResourcePaths.inbox.callCenterTasks),
    REACTION_SERVICE_NOTICE_URL: inbox(sandboxResourcePaths.inbox.serviceNotices),
    REACTION_PDM_CHANGE_REQUEST_URL: inbox(sandboxResourcePaths.inbox.changeRequests),
    REACTION_SALES_LEAD_URL: inbox(sandboxResourcePaths.inbox.salesLeads),
    ...Object.fromEntries(
      httpTargets.flatMap((t) =>
        t.connectionSecret ? [[secretEnvironmentVariable(t.connectionSecret), authorization]] : [],
      ),
    ),
  };
};

const LagSchema = z.object({
  streams: z.record(
    z.string(),
    z.object({ source: z.object({ incremental: z.object({ lagMs: z.number() }) }) }),
  ),
});

/** The lag the SAP connector keeps behind now on sales orders: a change is invisible to it until it passes. */
const connectorLagMs = (sandbox: Sandbox): number => {
  const config = sandboxConnectorsConfig(sandbox.endpoints, sandbox.credentials);
  const parsed = LagSchema.safeParse(config[SCENARIO.connector]);
  const lag = parsed.success ? parsed.data.streams[SCENARIO.stream]?.source.incremental.lagMs : undefined;
  if (lag === undefined)
    throw new Error(`the sandbox's ${SCENARIO.connector} config sets no lag on ${SCENARIO.stream}`);
  return lag;
};

/** When a sandbox system answered reads of one of its resources (epoch ms): when a poll saw what had changed. */
const readsOf = (sandbox: Sandbox, system: 'sapS4' | 'oracleScm', resource: string): number[] =>
  sandbox.requestLog
    .list(system)
    .filter((r) => r.method === 'GET' && r.path.includes(resource))
    .map((r) => r.at);

/**
 * The ways a shortage order enters the hub: the SAP sales order (sap-s4), and the stock it reserves in SCM
 * (oracle-scm on-hand, allocated up by the order): either makes the part short.
 */
const entryPaths = (sandbox: Sandbox, order: ShortageOrder): EntryPath[] => [
  {
    connector: SCENARIO.connector,
    reads: readsOf(sandbox, 'sapS4', 'A_SalesOrder'),
    carries: (key) => key.includes(`#sales-orders#${order.orderKey}`),
  },
  {
    connector: 'oracle-scm',
    reads: readsOf(sandbox, 'oracleScm', 'onhandQuantityDetails'),
    carries: (key) => key.includes('#onhand-inventory#') && key.includes(`|${order.partNumber}|`),
  },
];

/** Changes are made at these fractions of the poll cycle (golden-ratio steps: spread out, no clock needed). */
/** The hub's dead letters by origin and first line of reason, so a miss says what the hub gave up on. */
const describeDeadLetters = (letters: readonly { origin: string; reason: string }[]): string => {
  const counts = new Map<string, number>();
  for (const { origin, reason } of letters) {
    const key = `${origin}: ${reason.split('\n')[0]?.slice(0, 160)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts.size === 0 ? '' : ` (${[...counts].map(([key, n]) => `${n}× ${key}`).join('; ')})`;
};

const phaseOf = (sample: number) => (sample * 0.618_033_988_75) % 1;

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? undefined : percentile(sorted, 50);
};

/** Waits until `read` answers, checking every 20 ms, or gives up after `timeoutMs` (undefined). */
const poll = async <T>(read: () => T | undefined, timeoutMs: number): Promise<T | undefined> => {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined || performance.now() > deadline) return value;
    await sleep(20);
  }
};

/**
 * Waits until the hub's initial loads are done and the fast polls find nothing new: every polled connector
 * ran a whole sync (not one skipped while its initial load held the lease), and no reaction arrived for three
 * poll intervals. Until its initial load is over, a connector ingests a new source row as history.
 */
const waitUntilSteady = async (
  sandbox: Sandbox,
  invocations: readonly InvocationTrace[],
  connectors: readonly string[],
  pollIntervalMs: number,
  timeoutMs: number,
) => {
  const deadline = performance.now() + timeoutMs;
  const activity = () => sandbox.inbox.list().length + plannedOrderCalls(sandbox).length;
  while (performance.now() < deadline) {
    const seen = activity();
    await sleep(3 * pollIntervalMs);
    const synced = new Set(invocations.map(connectorSyncedToEnd));
    if (activity() === seen && connectors.every((c) => synced.has(c))) return;
  }
  const synced = new Set(invocations.map(connectorSyncedToEnd));
  throw new Error(
    `the hub did not reach a steady state within ${timeoutMs} ms of its start; ` +
      `not yet synced to the end: ${connectors.filter((c) => !synced.has(c)).join(', ') || 'none'}`,
  );
};

/**
 * From a change in a source system to its reaction arriving at the receiving system, through the whole local
 * hub as `npm start` runs it with the fast-poll setting: the scheduler polls every connector every
 * ${CONNECTOR_POLL_SECONDS} s, the change is made at a different moment of the poll cycle each sample, and
 * each change is traced stage by stage (change-trace.ts). End to end minus the wait for the poll is what a
 * change needs beyond one poll interval: the budget (poll interval + 2 s) holds when that is ≤ 2 s.
 */
export const measureFreshness = async (options: FreshnessBenchOptions): Promise<FreshnessResult> => {
  const settings = LocalSettingsSchema.parse({
    dataDir: options.dataDir,
    apiPort: 0,
    busPort: 0,
    storePort: 0,
    fresh: true,
    logLevel: 'SILENT',
    sandboxTickMs: 0,
    connectorPollSeconds: CONNECTOR_POLL_SECONDS,
  });
  const invocations: InvocationTrace[] = [];
  let sandbox: Sandbox | undefined;
  // The hub derives its connector schedules from the sandbox's instances, as `npm start` does.
  const hub = await startLocalHub({
    settings,
    onInvocation: (trace) => {
      invocations.push(trace);
      // Only the last minutes are ever traced; older invocations would only hold memory.
      if (invocations.length > 20_000) invocations.splice(0, 5_000);
    },
    startSources: async (dataDir) => {
      const started = await startSandbox({
        landingDir: join(dataDir, 'landing'),
        scale: options.sandboxCustomers,
        tickIntervalMs: 0,
        clickstreamHistoryDays: 0,
      });
      sandbox = started;
      return {
        environment: sandboxEnvironment(started, options.topology),
        describe: () => [],
        stop: () => started.stop(),
      };
    },
  });
  try {
    if (!sandbox) throw new Error('the sandbox did not start');
    const world = sandbox;
    const connectors = loadConnectorsConfig(hub.info.functionEnvironment);
    const schedules = withLocalConnectorPoll(hubTopologyFor(connectors).schedules, CONNECTOR_POLL_SECONDS);
    const polled = schedules.flatMap((s) =>
      typeof s.input.connector === 'string' ? [s.input.connector] : [],
    );
    if (!polled.includes(SCENARIO.connector)) throw new Error(`no schedule polls ${SCENARIO.connector}`);
    const pollIntervalMs = CONNECTOR_POLL_SECONDS * 1000;
    const lagMs = connectorLagMs(world);
    await waitUntilSteady(world, invocations, polled, pollIntervalMs, 300_000);

    const loadAtStart = loadavg();
    const samples: FreshnessResult['samples'] = [];
    const misses: string[] = [];
    for (let i = 0; i < options.samples; i++) {
      // A moment of the poll cycle: the polls keep their own rhythm, the change comes when it comes.
      await sleep(phaseOf(i + 1) * pollIntervalMs);
      const before = plannedOrderCalls(world).length;
      const order = world.placeShortageOrder();
      const planned = await poll(
        () =>
          plannedOrderCalls(world)
            .slice(before)
            .find((c) => c.method === 'PUT' && c.key.startsWith(`PIR-${order.partNumber}-`)),
        options.timeoutMs,
      );
      if (!planned) {
        // A change that never reacts is a measured miss, not a crash of the bench; say what the hub did hold.
        misses.push(
          `sample ${i + 1}: order ${order.orderKey} (${order.quantity} × ${order.partNumber}), no planned order ` +
            `within ${options.timeoutMs} ms; ${plannedOrderCalls(world).length - before} other call(s), ` +
            `${hub.deadLetters.size} dead letter(s)${describeDeadLetters(hub.deadLetters.list())}`,
        );
        continue;
      }
      const change = {
        changedAt: order.changedAt.getTime(),
        lagMs,
        orderKey: order.orderKey,
        partNumber: order.partNumber,
        arrivedAt: Date.parse(planned.at),
      };
      // The sync that read the change may still be busy with its later streams; its end closes the trace.
      await poll(
        () => (traceChange(change, invocations, entryPaths(world, order)).syncFinished ? true : undefined),
        30_000,
      );
      const { syncFinished: _, ...traced } = traceChange(change, invocations, entryPaths(world, order));
      samples.push(traced);
    }
    const loadAtEnd = loadavg();
    const endToEnd = samples.length > 0 ? summarizeLatencies(samples.map((s) => s.endToEndMs)) : null;
    const overPoll = samples.length > 0 ? summarizeLatencies(samples.map((s) => s.overPollMs)) : null;
    const stageMediansMs = Object.fromEntries(
      STAGE_KEYS.flatMap((key) => {
        const value = median(samples.flatMap((s) => (s.stages[key] === undefined ? [] : [s.stages[key]])));
        return value === undefined ? [] : [[key, value]];
      }),
    );
    const overPollBudgetMs = 2_000;
    return {
      reaction: SCENARIO.reaction,
      change: SCENARIO.change,
      pollIntervalMs,
      lagMs,
      streamPollMs: settings.streamPollMs,
      budgetMs: pollIntervalMs + overPollBudgetMs,
      samples,
      endToEnd,
      overPoll,
      stageMediansMs,
      misses,
      loadAverage: { start: loadAtStart, end: loadAtEnd },
      check: {
        budget: 'source change → reaction ≤ one poll interval + 2 s',
        measured: overPoll
          ? `${misses.length > 0 ? `${misses.length} of ${options.samples} changes got no reaction; ` : ''}p95 ${(overPoll.p95Ms / 1000).toFixed(2)} s beyond the wait for the poll (p50 ${(overPoll.p50Ms / 1000).toFixed(2)} s, of which ${(lagMs / 1000).toFixed(1)} s connector lag), ${samples.length} changes; poll interval ${CONNECTOR_POLL_SECONDS} s; load ${loadAtStart.map((v) => v.toFixed(1)).join('/')}`
          : `no change got its reaction (${misses.length} misses)`,
        pass: misses.length === 0 && overPoll !== null && overPoll.p95Ms <= overPollBudgetMs,
      },
    };
  } finally {
    await hub.stop();
  }
};
