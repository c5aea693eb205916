import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTORS_VARIABLE } from '../../../connectors/config/load-connectors-config.ts';
import type { InvocationTrace } from '../../../infra/local/functions/local-functions.ts';
import { inboxReactionEnvironment } from '../../../infra/local/reaction-targets.ts';
import { type LocalHub, startLocalHub } from '../../../infra/local/runtime.ts';
import {
  sandboxConnectorEnvironment,
  sandboxConnectorsConfig,
} from '../../../infra/local/sandbox-connectors.ts';
import { LocalSettingsSchema } from '../../../infra/local/settings.ts';
import { hubTopology } from '../../../infra/topology/index.ts';
import { type Sandbox, startSandbox } from '../../../sandbox/index.ts';
import { connectorSyncedToEnd } from '../../support/connector-syncs.ts';
import { waitFor } from '../../support/wait-for.ts';

const CONNECTOR = 'sap-s4';

/**
 * A change made in a source system reaches its reaction through the whole local hub as `npm start` runs it
 * with the fast-poll setting: the scheduler's connector poll, ingest, the table's stream, the demand function,
 * the change feed, the bus rule and the HTTP target. Only the SAP connector is configured so the initial load
 * stays small; the freshness bench times the same path (test/bench/freshness).
 */
describe('a sandbox change reaches its reaction on the local hub with fast polling', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub360-freshness-e2e-'));
  const invocations: InvocationTrace[] = [];
  let sandbox: Sandbox | undefined;
  let hub: LocalHub | undefined;

  beforeAll(async () => {
    hub = await startLocalHub({
      settings: LocalSettingsSchema.parse({
        dataDir,
        apiPort: 0,
        busPort: 0,
        storePort: 0,
        fresh: true,
        logLevel: 'SILENT',
        sandboxTickMs: 0,
        connectorPollSeconds: 1,
      }),
      onInvocation: (trace) => invocations.push(trace),
      startSources: async (dir) => {
        const started = await startSandbox({
          landingDir: join(dir, 'landing'),
          scale: 5,
          clickstreamHistoryDays: 0,
        });
        sandbox = started;
        const { endpoints, credentials } = started;
        return {
          environment: {
            ...sandboxConnectorEnvironment(endpoints, credentials),
            [CONNECTORS_VARIABLE]: JSON.stringify({
              [CONNECTOR]: sandboxConnectorsConfig(endpoints, credentials)[CONNECTOR],
            }),
            ...inboxReactionEnvironment(
              endpoints.inbox,
              `Bearer ${credentials.inbox.token}`,
              hubTopology.rules,
            ),
          },
          describe: () => [],
          stop: () => started.stop(),
        };
      },
    });
    // The initial load is history and fires nothing; a change is news once a sync after it read to the end.
    await waitFor(
      `a whole ${CONNECTOR} sync`,
      () => (invocations.some((t) => connectorSyncedToEnd(t) === CONNECTOR) ? true : undefined),
      { timeoutMs: 240_000 },
    );
  }, 270_000);
  afterAll(async () => {
    await hub?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('puts a planned order for the part into ERP planning after an SAP order outruns its stock', async () => {
    const world = sandbox as Sandbox;
    const before = world.inbox.plannedOrders.calls().length;

    const order = world.placeShortageOrder();
    const planned = await waitFor(
      'the planned order of the short part',
      () =>
        world.inbox.plannedOrders
          .calls()
          .slice(before)
          .find((call) => call.method === 'PUT' && call.key.startsWith(`PIR-${order.partNumber}-`)),
      { timeoutMs: 60_000 },
    );

    const body = world.inbox.plannedOrders.get(planned.key)?.body as {
      material: string;
      items: { plannedQuantity: number }[];
    };
    expect(body.material).toBe(order.partNumber);
    // Nothing else covers the part in a hub that reads only SAP: the whole order is short.
    expect(body.items[0]?.plannedQuantity).toBeGreaterThanOrEqual(order.quantity);
    expect(planned.idempotencyKey).toMatch(/\.(raise|supersede)\./);
  });
});
