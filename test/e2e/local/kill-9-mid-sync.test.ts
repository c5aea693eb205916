import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexedOrderLine } from '../../../core/items/demand-lines.ts';
import { keys } from '../../../core/items/keys.ts';
import type { StreamRunStatus } from '../../../core/ports/connector-state.ts';
import { main } from '../../../infra/local/cli/program.ts';
import { inboxReactionEnvironment } from '../../../infra/local/reaction-targets.ts';
import { sandboxConnectorEnvironment } from '../../../infra/local/sandbox-connectors.ts';
import { hubTopology } from '../../../infra/topology/index.ts';
import { type Sandbox, type SandboxTruth, startSandbox } from '../../../sandbox/index.ts';
import { connectorExpectations, storeRecordKey } from '../../integration/connectors/expectations.ts';
import { waitFor } from '../../support/wait-for.ts';
import { type HubProcess, startHubProcess } from '../support/hub-process.ts';
import { openLocalConnectorState } from '../support/local-store-access.ts';
import {
  announcingDetailType,
  changeKey,
  readAnnouncedChanges,
  readStoreItems,
  type StoredSourceRecord,
  storedSourceRecords,
} from '../support/store-and-archive.ts';

/** SAP pages of 4 records, each sales-order page slowed down, so the first sync is caught between pages. */
const SAP_PAGE = 4;
const SLOW_ORDER_PAGE_MS = 250;
/**
 * The two ERPs: their customers overlap (merges during the first load) and they hold the orders and invoices
 * whose placement and lines are checked. The other connectors add minutes on a loaded machine and no new step.
 */
const CONNECTORS = ['sap-s4', 'business-central'] as const;
const expectations = connectorExpectations.filter((e) =>
  (CONNECTORS as readonly string[]).includes(e.connector),
);

/** The customer record key of an order's or invoice's sold-to party, as the store keys it. */
const soldTo = (connector: 'sap-s4' | 'business-central', key: string) =>
  connector === 'sap-s4'
    ? storeRecordKey('customer', 'sap-s4', 'business-partners', key)
    : storeRecordKey('customer', 'business-central', 'customers', key);

/** Every order and invoice of the sources with the record key of its customer and, for orders, its lines. */
const documentsOf = (truth: SandboxTruth) => {
  const results = (v: unknown) =>
    ((v as { results?: unknown[] } | undefined)?.results ?? []) as Array<Record<string, unknown>>;
  return [
    ...truth.sapS4.A_SalesOrder.map((o) => ({
      recordKey: storeRecordKey('order', 'sap-s4', 'sales-orders', String(o.SalesOrder)),
      customer: soldTo('sap-s4', String(o.SoldToParty)),
      lines: results(o.to_Item).map((i) => `${String(i.Material)} x ${Number(i.RequestedQuantity)}`),
    })),
    ...truth.sapS4.A_BillingDocument.map((d) => ({
      recordKey: storeRecordKey('invoice', 'sap-s4', 'billing-documents', String(d.BillingDocument)),
      customer: soldTo('sap-s4', String(d.SoldToParty)),
      lines: undefined,
    })),
    ...truth.businessCentral.salesOrders.map((o) => ({
      recordKey: storeRecordKey('order', 'business-central', 'sales-orders', String(o.id)),
      customer: soldTo('business-central', String(o.customerId)),
      lines: ((o.salesOrderLines ?? []) as Array<Record<string, unknown>>)
        .filter((l) => l.lineType === 'Item')
        .map((l) => `${String(l.lineObjectNumber)} x ${Number(l.quantity)}`),
    })),
    ...truth.businessCentral.salesInvoices.map((d) => ({
      recordKey: storeRecordKey('invoice', 'business-central', 'sales-invoices', String(d.id)),
      customer: soldTo('business-central', String(d.customerId)),
      lines: undefined,
    })),
  ];
};

const linesOf = (record: StoredSourceRecord | undefined) =>
  ((record?.data?.lines ?? []) as Array<{ partNumber: string; quantity: number }>)
    .map((l) => `${l.partNumber} x ${l.quantity}`)
    .sort();

/**
 * DESIGN.md and README promise that the local hub keeps its data on disk across restarts, checkpoints only
 * committed pages, announces every committed change from the store's stream, and that a killed sync holds its
 * connector for one lease TTL at most. This test kills `npm start` with SIGKILL (its DynamoDB Local with it)
 * in the middle of its first sync, changes the sources while it is down, starts it again on the same data
 * folder and checks the result. The source systems run in this test's process, as a company's ERP keeps
 * running while its integration hub crashes; the hub reaches them through HUB_CONNECTORS, as with `--no-sandbox`
 * and a user's own systems.
 */
describe('the local hub killed with SIGKILL in the middle of its first sync', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub360-kill9-'));
  let sandbox: Sandbox;
  let hub: HubProcess | undefined;
  let environment: Record<string, string>;
  const start = () =>
    startHubProcess({
      dataDir,
      flags: ['--no-sandbox', '--stream-poll-ms 100', '--log-format json', '--log-level ERROR'],
      env: environment,
      startTimeoutMs: 150_000,
    });

  beforeAll(async () => {
    // Fewer customers than `small` (40): each page costs seconds when eight test runs share two cores.
    sandbox = await startSandbox({
      landingDir: join(dataDir, 'landing'),
      scale: 8,
      clickstreamHistoryDays: 0,
      pageSizes: { sapS4: SAP_PAGE },
    });
    const sandboxEnvironment = sandboxConnectorEnvironment(sandbox.endpoints, sandbox.credentials);
    const instances = JSON.parse(sandboxEnvironment.HUB_CONNECTORS ?? '{}') as Record<string, unknown>;
    environment = {
      ...sandboxEnvironment,
      HUB_CONNECTORS: JSON.stringify(Object.fromEntries(CONNECTORS.map((name) => [name, instances[name]]))),
      ...inboxReactionEnvironment(
        sandbox.endpoints.inbox,
        `Bearer ${sandbox.credentials.inbox.token}`,
        hubTopology.rules,
      ),
    };
  });
  afterAll(async () => {
    await hub?.kill9();
    await sandbox?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Two hub starts (a JVM each) and two syncs of every connector: minutes, not seconds, on a loaded machine.
  it('after a restart and one more sync the store equals the sources, store check finds nothing, every change was announced under one event id and history as backfill', {
    timeout: 400_000,
  }, async () => {
    // Prepare: the first sync runs until SAP's sales orders have a committed page, then the hub dies.
    sandbox.faults.sapS4.inject({
      kind: 'slow',
      delayMs: SLOW_ORDER_PAGE_MS,
      times: 1_000,
      pathIncludes: 'A_SalesOrder',
    });
    hub = await start();
    const firstRun = openLocalConnectorState(hub.runtime);
    const checkpointAtKill = await waitFor(
      'a committed page of SAP sales orders',
      () => firstRun.loadCheckpoint('sap-s4', 'sales-orders'),
      { timeoutMs: 60_000, intervalMs: 20 },
    );
    await hub.kill9();
    sandbox.faults.sapS4.clear();
    const truthAtKill = sandbox.truth();
    // While the hub is down the company wins two customers, each with a first order.
    const newInSap = sandbox.onboardCustomer('sapS4');
    const newInBc = sandbox.onboardCustomer('businessCentral');
    const restartedAt = new Date().toISOString();

    // Act: the same command on the same data folder; its schedules run at start.
    hub = await start();
    const restarted = hub;
    const state = openLocalConnectorState(restarted.runtime);
    const statuses = await waitFor(
      'every connector stream to finish a run after the restart, and the run to give its lease back',
      async () => {
        const latest: StreamRunStatus[] = [];
        for (const { connector, streams } of expectations) {
          if ((await state.readLease(connector)) !== undefined) return undefined;
          const runs = await state.listRunStatuses(connector);
          for (const { stream } of streams) {
            const run = runs.find((r) => r.stream === stream && r.startedAt >= restartedAt);
            if (!run) return undefined;
            latest.push(run);
          }
        }
        return latest;
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\n--- hub output ---\n${restarted.output()}`);
    });
    // A run resumed from a checkpoint finishes the window it planned before the kill; what the sources got
    // since is read by the next run. The schedules' next run (minutes away) is started now, as an operator
    // would, through the CLI and the running hub.
    const cliSyncs: string[] = [];
    for (const connector of CONNECTORS) {
      const code = await main(['--data-dir', dataDir, 'sync', connector], {
        out: (line) => cliSyncs.push(line),
        err: (line) => cliSyncs.push(line),
      });
      cliSyncs.push(`${connector}: exit ${code}`);
    }
    const truth = sandbox.truth();
    const items = await readStoreItems(restarted.runtime);
    const records = storedSourceRecords(items);
    const live = records.filter((r) => r.source.deleted !== true);
    // Each live record's current version, announced with its detail type.
    const expectedChanges = live
      .filter((r) => announcingDetailType[r.entity] !== undefined && r.data !== undefined)
      .map((r) => changeKey(announcingDetailType[r.entity] ?? '', r.source));
    await waitFor(
      "the stream publisher to announce every stored record's version",
      () => {
        const announced = new Set(readAnnouncedChanges(dataDir).changes.map((c) => c.change));
        return expectedChanges.every((c) => announced.has(c)) ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
      // Not announced in time: the assertions below name every missing change.
    ).catch(() => undefined);
    const checkOutput: string[] = [];
    const checkCode = await main(['--data-dir', dataDir, 'store', 'check'], {
      out: (line) => checkOutput.push(line),
      err: (line) => checkOutput.push(line),
    });
    expect(await restarted.stop()).toBe(0);
    hub = undefined;
    const { changes, unreadableLines } = readAnnouncedChanges(dataDir);

    // Assert: the kill really came mid-way, and the restart's runs all succeeded.
    // The kill came inside the sales orders' first window: its checkpoint holds an unfinished run.
    expect(checkpointAtKill.state).toMatchObject({ run: { after: expect.any(Object) } });
    expect(
      statuses.filter((s) => s.status !== 'succeeded').map((s) => `${s.connector}/${s.stream}: ${s.error}`),
    ).toEqual([]);
    expect(cliSyncs.filter((line) => line.includes(': exit '))).toEqual(
      CONNECTORS.map((connector) => `${connector}: exit 0`),
    );
    // Every source record is stored once, and nothing the sources do not have.
    const storedKeys = live.map((r) => r.recordKey);
    expect(storedKeys.length, 'a record stored twice').toBe(new Set(storedKeys).size);
    for (const { connector, streams } of expectations) {
      for (const s of streams) {
        const prefix = storeRecordKey(s.entity, connector, s.stream, '');
        const inStore = storedKeys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
        expect(new Set(inStore), `${connector}/${s.stream}`).toEqual(new Set(s.keys(truth)));
      }
    }
    // The records added while the hub was down arrived.
    expect(storedKeys).toEqual(
      expect.arrayContaining([
        soldTo('sap-s4', newInSap.customerKey),
        storeRecordKey('order', 'sap-s4', 'sales-orders', newInSap.orderKey),
        soldTo('business-central', newInBc.customerKey),
        storeRecordKey('order', 'business-central', 'sales-orders', newInBc.orderKey),
      ]),
    );
    // Every order and invoice sits under its customer's profile; orders carry their source lines.
    const byKey = new Map(live.map((r) => [r.recordKey, r]));
    const misplaced = documentsOf(truth).flatMap((d) => {
      const document = byKey.get(d.recordKey);
      const customer = byKey.get(d.customer);
      return document?.partition === customer?.partition && document !== undefined
        ? []
        : [`${d.recordKey} in ${document?.partition}, its customer ${d.customer} in ${customer?.partition}`];
    });
    expect(misplaced).toEqual([]);
    const wrongLines = documentsOf(truth).flatMap((d) => {
      if (d.lines === undefined) return [];
      const stored = linesOf(byKey.get(d.recordKey));
      return JSON.stringify(stored) === JSON.stringify([...d.lines].sort())
        ? []
        : [`${d.recordKey}: stored ${stored.join(', ')}; source ${d.lines.join(', ')}`];
    });
    expect(wrongLines).toEqual([]);
    // The part-index entries of each order are its lines: the order item stands for the first, LINE# items
    // for the others.
    const indexedLines = items.flatMap((i) => {
      const line = indexedOrderLine(i);
      return line && i.gsi1pk === keys.partPk(line.partNumber) ? [line] : [];
    });
    for (const order of live.filter((r) => r.entity === 'order')) {
      const demand = indexedLines
        .filter((l) => l.recordKey === order.recordKey)
        .map((l) => `${l.partNumber} x ${l.quantity}`)
        .sort();
      expect(demand, order.recordKey).toEqual(linesOf(order));
    }
    // The store's own invariants hold.
    expect(checkOutput.join('\n')).toContain('No problems found.');
    expect(checkCode).toBe(0);
    // Every stored version was announced, none torn from the archive by the kill, and every announcement of a
    // version carries one event id. Delivery is at least once (DESIGN.md): a stream batch published just before
    // the kill and not yet checkpointed is published again after the restart, as a Lambda's batch would be, and
    // consumers drop the copy by its id. That the store itself announces each version once is asserted where no
    // redelivery blurs it: the interleaving and crash properties run the mapper over every change the store made.
    expect(unreadableLines).toEqual([]);
    const idsOf = new Map<string, Set<string>>();
    for (const c of changes) idsOf.set(c.change, (idsOf.get(c.change) ?? new Set()).add(c.eventId));
    expect(
      expectedChanges
        .filter((c) => idsOf.get(c)?.size !== 1)
        .map((c) => `${c}: ${[...(idsOf.get(c) ?? [])]}`),
    ).toEqual([]);
    expect([...idsOf.keys()].filter((c) => !expectedChanges.includes(c))).toEqual([]);
    // History stays history: what the first load read before and after the kill is announced as backfill.
    const historyKeys = new Set(
      expectations.flatMap(({ connector, streams }) =>
        streams.flatMap((s) => s.keys(truthAtKill).map((k) => `${connector}|${s.stream}|${k}|`)),
      ),
    );
    const historyAsNews = changes
      .filter((c) => c.backfill === undefined)
      .filter((c) => historyKeys.has(`${c.change.split('|').slice(1, 4).join('|')}|`));
    expect(historyAsNews.map((c) => c.change)).toEqual([]);
  });
});
