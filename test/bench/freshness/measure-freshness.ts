import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import * as z from 'zod';
import { secretEnvironmentVariable } from '../../../adapters/secrets/environment-secrets.ts';
import { loadConnectorsConfig } from '../../../connectors/config/load-connectors-config.ts';
import { type LocalHub, startLocalHub } from '../../../infra/local/runtime.ts';
import {
  sandboxConnectorEnvironment,
  sandboxConnectorsConfig,
} from '../../../infra/local/sandbox-connectors.ts';
import { withLocalConnectorPoll } from '../../../infra/local/scheduler/connector-poll.ts';
import { parseScheduleExpression } from '../../../infra/local/scheduler/schedule-expression.ts';
import { LocalSettingsSchema } from '../../../infra/local/settings.ts';
import { hubTopologyFor } from '../../../infra/topology/index.ts';
import type { Topology } from '../../../infra/topology/schema.ts';
import { type Sandbox, sandboxResourcePaths, startSandbox } from '../../../sandbox/index.ts';
import type { FreshnessResult } from '../report/results.ts';

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
 * The change and reaction timed: a new ERP order re-decides its parts' demand signals, which ERP production
 * planning receives as planned orders (`PUT /erp/planned-orders/<key>`, rule `demand-signal-to-erp-planning`).
 */
const SCENARIO = {
  reaction: 'demand-signal-to-erp-planning',
  connectors: ['sap-s4', 'business-central'],
} as const;

/** The local fast-poll setting the phase runs with: connector syncs every this many seconds. */
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

/** The largest lag the scenario's connectors keep behind now: a change is invisible to them until it passes. */
const connectorLagMs = (sandbox: Sandbox): number => {
  const config = sandboxConnectorsConfig(sandbox.endpoints, sandbox.credentials);
  return Math.max(
    0,
    ...SCENARIO.connectors.flatMap((name) => {
      const parsed = LagSchema.safeParse(config[name]);
      return parsed.success ? Object.values(parsed.data.streams).map((s) => s.source.incremental.lagMs) : [];
    }),
  );
};

/** Waits until the hub has nothing left to do: no invocation or delivery pending and the inbox standing still. */
const quiesce = async (hub: LocalHub, sandbox: Sandbox, streamPollMs: number, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  while (Date.now() < deadline) {
    await hub.settle();
    const count = sandbox.inbox.list().length + plannedOrderCalls(sandbox).length;
    if (count === seen) return;
    seen = count;
    await sleep(Math.max(1_500, 3 * streamPollMs));
  }
  throw new Error(`the hub did not settle within ${timeoutMs} ms of its initial sync`);
};

/**
 * From a change in a source system to its reaction arriving at the receiving system, through the whole local
 * hub: connector poll, ingest, DynamoDB stream, stream publisher, bus rule, HTTP target. The change is made in
 * the sandbox ERP, then the connector schedules are fired exactly as the scheduler fires them, at the first
 * moment the connectors' lag lets them see the change. That is the best alignment of poll and change; the
 * worst is one poll interval later, so the budget (poll interval + 2 s) holds when this delay is ≤ 2 s.
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
  });
  let sandbox: Sandbox | undefined;
  // The hub derives its connector schedules from the sandbox's instances, as `npm start` does.
  const hub = await startLocalHub({
    settings,
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
    // The phase fires the syncs itself at the best moment (see below), so the hub's own timers stay slow
    // and it can settle; the interval the budget allows is the fast-poll setting's.
    const schedules = withLocalConnectorPoll(
      hubTopologyFor(connectors).schedules,
      CONNECTOR_POLL_SECONDS,
    ).filter((s) => (SCENARIO.connectors as readonly string[]).includes(String(s.input.connector)));
    if (schedules.length === 0) throw new Error(`no schedule polls ${SCENARIO.connectors.join(' or ')}`);
    const pollIntervalMs = Math.max(
      ...schedules.map((s) => {
        const parsed = parseScheduleExpression(s.expression);
        return parsed.kind === 'rate' ? parsed.everyMs : Number.NaN;
      }),
    );
    const lagMs = connectorLagMs(world);
    await quiesce(hub, world, settings.streamPollMs, 240_000);

    const samples: FreshnessResult['samples'] = [];
    const misses: string[] = [];
    for (let i = 0; i < options.samples; i++) {
      const before = plannedOrderCalls(world).length;
      const changedAt = Date.now();
      const tick = await world.tick();
      if (tick.newOrders === 0) throw new Error('the sandbox tick created no order');
      await sleep(Math.max(0, changedAt + lagMs + 50 - Date.now()));
      const polledAt = performance.now();
      const polledAtWallClock = Date.now();
      for (const schedule of schedules) await hub.functions.invokeAsync(schedule.function, schedule.input);
      let arrived: string | undefined;
      while (!arrived && performance.now() - polledAt < options.timeoutMs) {
        await sleep(20);
        arrived = plannedOrderCalls(world)[before]?.at;
      }
      if (!arrived) {
        // A change that never reacts is a measured miss, not a crash of the bench; say what the hub did hold.
        const byTarget: Record<string, number> = {};
        for (const m of world.inbox.list()) byTarget[m.target] = (byTarget[m.target] ?? 0) + 1;
        byTarget.plannedOrders = plannedOrderCalls(world).length;
        misses.push(
          `sample ${i + 1}: ${tick.newOrders} new order(s), no reaction within ${options.timeoutMs} ms of the poll; ` +
            `inbox ${JSON.stringify(byTarget)}, ${hub.deadLetters.size} dead letter(s)`,
        );
        await quiesce(hub, world, settings.streamPollMs, 60_000);
        continue;
      }
      samples.push({
        endToEndMs: Date.parse(arrived) - changedAt,
        afterPollMs: Date.parse(arrived) - polledAtWallClock,
      });
      await quiesce(hub, world, settings.streamPollMs, 60_000);
    }
    const worstMs = samples.length > 0 ? Math.max(...samples.map((s) => s.endToEndMs)) : Number.NaN;
    const budgetMs = pollIntervalMs + 2_000;
    return {
      reaction: SCENARIO.reaction,
      pollIntervalMs,
      lagMs,
      budgetMs,
      samples,
      misses,
      worstMs,
      check: {
        budget: 'source change → reaction ≤ one poll interval + 2 s',
        measured: `${misses.length > 0 ? `${misses.length} of ${options.samples} changes got no reaction; ` : ''}worst case ${((pollIntervalMs + worstMs) / 1000).toFixed(1)} s = poll interval ${(pollIntervalMs / 1000).toFixed(0)} s + ${(worstMs / 1000).toFixed(2)} s change → reaction (of which ${(lagMs / 1000).toFixed(1)} s connector lag)`,
        pass: misses.length === 0 && worstMs <= 2_000,
      },
    };
  } finally {
    await hub.stop();
  }
};
