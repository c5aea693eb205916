import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCustomerStore,
  type DynamoCustomerStore,
} from '../../../app/customer-store/create-customer-store.ts';
import { localApiSecretEnvironment } from '../../../infra/local/auth/api-secrets.ts';
import { inboxReactionEnvironment } from '../../../infra/local/reaction-targets.ts';
import { type LocalHub, startLocalHub } from '../../../infra/local/runtime.ts';
import { LocalSettingsSchema } from '../../../infra/local/settings.ts';
import { localAwsIdentity } from '../../../infra/local/store/dynamodb-local.ts';
import { loadTopology } from '../../../infra/topology/index.ts';
import { apiPart } from '../../../infra/topology/parts/api.ts';
import { demandPart } from '../../../infra/topology/parts/demand.ts';
import { reactionRulesPart } from '../../../infra/topology/parts/reaction-rules.ts';
import { reactionsPart } from '../../../infra/topology/parts/reactions.ts';
import { storePart } from '../../../infra/topology/parts/store.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { erp, exampleCustomer, exampleInventory, exampleOrder } from '../../../schemas/entities/examples.ts';
import { startSandboxInbox } from '../../support/sandbox-inbox.ts';
import { waitFor } from '../../support/wait-for.ts';

const DAY_MS = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
const version = () => new Date().toISOString();

const order = (key: string, part: string, quantity: number, status: string, orderedAt: string) =>
  exampleOrder({ key, version: version() }, [erp('1000')], {
    orderedAt,
    status,
    lines: [{ partNumber: part, quantity }],
  });
const stock = (part: string, onHand: number) =>
  exampleInventory({ key: `${part}-MUC`, version: version() }, { partNumber: part, onHand });

/** Years of history as an initial load brings them: delivered orders, open ones, an old unpaid invoice. */
const history = (): CanonicalRecordInput[] => [
  exampleCustomer({ key: '1000', version: version() }, [erp('1000')], { name: 'Anna Berger' }),
  ...Array.from({ length: 30 }, (_, i) => order(`H-${i}`, 'P-500', 2, 'delivered', ago(400 - i * 10))),
  // Open when loaded: each part is already short, but that is history, not news.
  order('H-OPEN-500', 'P-500', 20, 'open', ago(3)),
  order('H-OPEN-600', 'P-600', 10, 'open', ago(3)),
  stock('P-500', 5),
  stock('P-600', 0),
  {
    entity: 'invoice',
    source: { system: 'sap-s4', stream: 'billing-documents', key: 'INV-OLD', version: version() },
    identifiers: [erp('1000')],
    data: {
      invoiceNumber: 'INV-OLD',
      issuedOn: ago(120).slice(0, 10),
      dueDate: ago(90).slice(0, 10),
      amount: 900,
      currency: 'EUR',
      status: 'open',
    },
  } as CanonicalRecordInput,
];

/**
 * Production demand end to end on the local runtime: the store's stream → demand recompute → the
 * part's signal state → `hub360.demand` events → PUT/DELETE of the one planned order at the sandbox ERP.
 */
describe('production demand signals end to end on the local runtime', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub360-demand-e2e-'));
  const startedAt = new Date(Date.now() - 60_000);
  let hub: LocalHub;
  let inbox: Awaited<ReturnType<typeof startSandboxInbox>>;
  let dynamo: DynamoDBClient;
  let store: DynamoCustomerStore;
  const erpPlanning = () => inbox.store.plannedOrders;
  const archived = (detailType: string) =>
    hub.bus.operations.backtest({ source: ['hub360.demand'], 'detail-type': [detailType] }, startedAt).events;

  beforeAll(async () => {
    inbox = await startSandboxInbox();
    const topology = loadTopology([storePart, demandPart, reactionsPart, reactionRulesPart, apiPart]);
    hub = await startLocalHub({
      settings: LocalSettingsSchema.parse({
        dataDir,
        apiPort: 0,
        busPort: 0,
        storePort: 0,
        sandbox: false,
        logLevel: 'SILENT',
        streamPollMs: 100,
      }),
      topology,
      environment: {
        ...(await localApiSecretEnvironment(dataDir)),
        ...inboxReactionEnvironment(inbox.url, inbox.authorization, topology.rules),
      },
      busRetryBaseDelayMs: 10,
      asyncRetryDelaysMs: [10, 10],
    });
    dynamo = new DynamoDBClient({ endpoint: hub.info.storeEndpoint, ...localAwsIdentity });
    store = createCustomerStore({
      tableName: hub.info.tableName,
      documentClient: DynamoDBDocumentClient.from(dynamo, {
        marshallOptions: { removeUndefinedValues: true },
      }),
      baseDelayMs: 1,
    });
  });
  afterAll(async () => {
    await hub?.stop();
    await inbox?.stop();
    dynamo?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('fires no reaction for an initial load full of history, though its events reach the bus marked as backfill', async () => {
    await store.ingest(history(), { backfill: 'initialLoad' });
    // The load's own events on the bus are the sign the stream has carried it through every function.
    await waitFor('the initial load on the bus', () => {
      const loaded = hub.bus.operations.backtest(
        { detail: { metadata: { backfill: ['initialLoad'] } } },
        startedAt,
      );
      return loaded.matched >= 30 ? loaded : undefined;
    });
    await hub.settle();

    expect(erpPlanning().calls()).toEqual([]);
    expect(inbox.store.list()).toEqual([]);
    expect(hub.bus.stats.delivered).toBe(0);
  });

  it('raises exactly one planned order for the part a live order makes short, and none for history', async () => {
    await store.ingest([order('L-1', 'P-500', 3, 'open', new Date().toISOString())]);
    await waitFor('the planned order', () => (erpPlanning().list().length > 0 ? true : undefined));
    await hub.settle();

    const [planned] = erpPlanning().list();
    const body = planned?.body as { material: string; items: { plannedQuantity: number }[] };
    expect(
      erpPlanning()
        .list()
        .map((o) => o.key),
    ).toEqual([expect.stringMatching(/^PIR-P-500-1000-\d{8}$/)]);
    expect([body.material, body.items[0]?.plannedQuantity]).toEqual(['P-500', 18]);
    expect(
      erpPlanning()
        .calls()
        .map((c) => [c.method, c.effect, Boolean(c.idempotencyKey)]),
    ).toEqual([['PUT', 'created', true]]);
    expect(inbox.store.list()).toEqual([]);
  });

  it('updates the same planned order when the shortage changes, announcing DemandSignalSuperseded', async () => {
    const key = erpPlanning().list()[0]?.key;
    await store.ingest([order('L-2', 'P-500', 4, 'open', new Date().toISOString())]);
    await waitFor('the update', () => (erpPlanning().calls().length > 1 ? true : undefined));
    await hub.settle();

    const body = erpPlanning().list()[0]?.body as { items: { plannedQuantity: number }[] };
    expect(
      erpPlanning()
        .list()
        .map((o) => o.key),
    ).toEqual([key]);
    expect(body.items[0]?.plannedQuantity).toBe(22);
    expect(
      erpPlanning()
        .calls()
        .map((c) => [c.method, c.key, c.effect]),
    ).toEqual([
      ['PUT', key, 'created'],
      ['PUT', key, 'updated'],
    ]);
    expect(archived('DemandSignalSuperseded').map((e) => e.detail.signalKey)).toEqual([key]);
  });

  it('keeps one planned order when the bus delivers the same signal again', async () => {
    const [superseded] = archived('DemandSignalSuperseded');
    const bus = new EventBridgeClient({
      endpoint: hub.info.busEndpoint,
      region: hub.info.region,
      credentials: {
        accessKeyId: hub.info.functionEnvironment.AWS_ACCESS_KEY_ID ?? '',
        secretAccessKey: hub.info.functionEnvironment.AWS_SECRET_ACCESS_KEY ?? '',
      },
    });
    // At least once: the publisher sends the same event a second time.
    await bus.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: superseded?.source,
            DetailType: superseded?.['detail-type'],
            Detail: JSON.stringify(superseded?.detail),
            EventBusName: hub.info.busName,
          },
        ],
      }),
    );
    bus.destroy();
    await waitFor('the redelivery', () => (erpPlanning().calls().length > 2 ? true : undefined));
    await hub.settle();

    const [, updated, repeated] = erpPlanning().calls();
    expect(erpPlanning().list()).toHaveLength(1);
    expect([repeated?.effect, repeated?.idempotencyKey]).toEqual(['repeated', updated?.idempotencyKey]);
  });

  it('withdraws the planned order with DELETE of its key when stock arrives', async () => {
    const key = erpPlanning().list()[0]?.key;
    await store.ingest([stock('P-500', 500)]);
    await waitFor('the withdrawal', () => (erpPlanning().list().length === 0 ? true : undefined));
    await hub.settle();

    expect(erpPlanning().calls().at(-1)).toMatchObject({ method: 'DELETE', key, effect: 'withdrawn' });
    expect(archived('DemandSignalWithdrawn').map((e) => e.detail.signalKey)).toEqual([key]);
  });

  it('adds no planned order when the signals are replayed from the archive', async () => {
    const callsBefore = erpPlanning().calls().length;

    const upserts = hub.bus.operations.replay('demand-signal-to-erp-planning', startedAt);
    const withdrawals = hub.bus.operations.replay('demand-signal-withdrawn-from-erp', startedAt);
    await hub.settle();

    expect([upserts.replayed, upserts.ignoredAsBackfill]).toEqual([0, 3]);
    expect([withdrawals.replayed, withdrawals.ignoredAsBackfill]).toEqual([0, 1]);
    expect(erpPlanning().calls()).toHaveLength(callsBefore);
    expect(erpPlanning().list()).toEqual([]);
  });
});
