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
import { main } from '../../../infra/local/cli/program.ts';
import { inboxReactionEnvironment } from '../../../infra/local/reaction-targets.ts';
import { type LocalHub, startLocalHub } from '../../../infra/local/runtime.ts';
import { LocalSettingsSchema } from '../../../infra/local/settings.ts';
import { localAwsIdentity } from '../../../infra/local/store/dynamodb-local.ts';
import { loadTopology } from '../../../infra/topology/index.ts';
import { apiPart } from '../../../infra/topology/parts/api.ts';
import { reactionRulesPart } from '../../../infra/topology/parts/reaction-rules.ts';
import { storePart } from '../../../infra/topology/parts/store.ts';
import type { InboxTarget } from '../../../sandbox/systems/inbox/inbox-server.ts';
import { ReactionFeedPageSchema } from '../../../schemas/api/reactions.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { erp, exampleCustomer, exampleOrder, exampleProduct } from '../../../schemas/entities/examples.ts';
import { startSandboxInbox } from '../../support/sandbox-inbox.ts';
import { waitFor } from '../../support/wait-for.ts';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const version = () => new Date().toISOString();

const invoice = (key: string, customer: string, dueDate: string, amount: number): CanonicalRecordInput =>
  ({
    entity: 'invoice',
    source: { system: 'sap-s4', stream: 'billing-documents', key, version: version() },
    identifiers: [erp(customer)],
    data: { invoiceNumber: key, issuedOn: day(-30), dueDate, amount, currency: 'EUR', status: 'open' },
  }) as CanonicalRecordInput;

const complaint = (key: string, customer: string, partNumber: string): CanonicalRecordInput =>
  ({
    entity: 'interaction',
    source: { system: 'service-desk', stream: 'tickets', key, version: version() },
    identifiers: [erp(customer)],
    data: {
      interactionId: key,
      kind: 'serviceCase',
      channel: 'email',
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      category: key.endsWith('R') ? 'return' : 'complaint',
      subject: `Broken ${partNumber}`,
      status: 'open',
      partNumber,
    },
  }) as CanonicalRecordInput;

const shipment = (key: string, customer: string): CanonicalRecordInput =>
  ({
    entity: 'shipment',
    source: { system: 'fusion-scm', stream: 'shipments', key, version: version() },
    identifiers: [erp(customer)],
    data: { shipmentNumber: key, status: 'inTransit', promisedDate: day(-2), lines: [] },
  }) as CanonicalRecordInput;

const installedPump = (key: string, customer: string, warrantyEnd: string): CanonicalRecordInput =>
  ({
    entity: 'installedProduct',
    source: { system: 'sap-s4', stream: 'installed-base', key, version: version() },
    identifiers: [erp(customer)],
    data: { partNumber: 'P-100', serialNumber: `SN-${key}`, purchasedOn: day(-700), warrantyEnd },
  }) as CanonicalRecordInput;

/**
 * Every reaction besides production demand (test/e2e/reactions/demand.test.ts), end to end on the local
 * runtime: a committed change → the decision function on the stream → the `hub360.reactions` event →
 * the rule's HTTP target, authenticated with the rule's connection → the sandbox system that receives it.
 */
describe('reactions end to end on the local runtime', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub360-reactions-e2e-'));
  let hub: LocalHub;
  let inbox: Awaited<ReturnType<typeof startSandboxInbox>>;
  let dynamo: DynamoDBClient;
  let store: DynamoCustomerStore;
  const received = (target: InboxTarget) =>
    inbox.store.list(target).map((message) => message.body as Record<string, unknown>);
  const customerIdOf = async (erpNumber: string) =>
    (await store.findCustomerByIdentifier('erp', erpNumber, 'sap-s4'))?.customerId ?? '';

  beforeAll(async () => {
    inbox = await startSandboxInbox();
    const topology = loadTopology([storePart, reactionRulesPart, apiPart]);
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
        // What `npm start` sets: the target URLs and every connection the rules name (the inbox's token).
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
    await store.ingest([
      exampleCustomer({ key: '1000', version: version() }, [erp('1000')], { name: 'Anna Berger' }),
      exampleCustomer({ key: '2000', version: version() }, [erp('2000')], { name: 'Bert Meier' }),
      exampleProduct(
        { key: 'P-100', version: version() },
        { partNumber: 'P-100', successorPartNumber: 'P-200' },
      ),
      exampleProduct({ key: 'P-200', version: version() }, { partNumber: 'P-200' }),
    ]);
    // Anna is a key customer (the insights work decides that; here it is stated).
    await store.appendStatusChange(await customerIdOf('1000'), {
      dimension: 'keyCustomer',
      value: 'true',
      changedAt: new Date().toISOString(),
      reason: 'top revenue',
      evidence: {},
    });
  });
  afterAll(async () => {
    await hub?.stop();
    await inbox?.stop();
    dynamo?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends one call-center task per overdue invoice, also when the invoice change arrives again', async () => {
    await store.ingest([invoice('INV-1', '1000', day(-3), 250)]);
    await waitFor('payment task', () => (received('callCenterTasks').length > 0 ? true : undefined));
    await store.ingest([invoice('INV-1', '1000', day(-3), 250)]);
    await store.ingest([invoice('INV-2', '1000', day(5), 99)]);
    await hub.settle();

    const tasks = received('callCenterTasks');
    expect(tasks.map((t) => [t.type, t.invoiceNumber, t.openAmount, t.daysOverdue])).toEqual([
      ['paymentFollowUp', 'INV-1', 250, 3],
    ]);
  });

  it('sends a cross-sell lead once per customer and offered successor', async () => {
    await store.ingest([
      exampleOrder({ key: 'SO-1', version: version() }, [erp('2000')], {
        orderedAt: new Date().toISOString(),
      }),
    ]);
    await waitFor('sales lead', () => (received('salesLeads').length > 0 ? true : undefined));
    await store.ingest([
      exampleOrder({ key: 'SO-2', version: version() }, [erp('2000')], {
        orderedAt: new Date().toISOString(),
      }),
    ]);
    await hub.settle();

    expect(received('salesLeads').map((l) => [l.offerPartNumber, l.becausePurchased, l.relation])).toEqual([
      ['P-200', 'P-100', 'successor'],
    ]);
  });

  it('raises one PDM change request, with the evidence, when complaints and returns reach the threshold', async () => {
    await store.ingest([complaint('T-1', '1000', 'P-300'), complaint('T-2R', '2000', 'P-300')]);
    await hub.settle();
    const before = received('pdmChangeRequests').length;
    await store.ingest([complaint('T-3', '2000', 'P-300'), complaint('T-4', '1000', 'P-300')]);
    await waitFor('change request', () => (received('pdmChangeRequests').length > 0 ? true : undefined));
    await hub.settle();

    const requests = received('pdmChangeRequests');
    const [request] = requests;
    expect([before, requests.length, request?.partNumber]).toEqual([0, 1, 'P-300']);
    expect(Number(request?.complaints) + Number(request?.returns)).toBe(3);
    expect(Array.isArray(request?.evidence) ? request.evidence.length : 0).toBe(3);
  });

  it("sends a service notice for a key customer's late shipment, not for another customer's", async () => {
    await store.ingest([shipment('SH-1', '1000'), shipment('SH-2', '2000')]);
    await waitFor('late-shipment notice', () =>
      received('serviceNotices').some((n) => n.type === 'lateShipment') ? true : undefined,
    );
    await hub.settle();

    expect(
      received('serviceNotices')
        .filter((n) => n.type === 'lateShipment')
        .map((n) => [n.shipmentNumber, n.delayDays]),
    ).toEqual([['SH-1', 2]]);
  });

  it('sends a service notice for a warranty ending within the notice period, not for one ending later', async () => {
    await store.ingest([installedPump('IB-1', '1000', day(10)), installedPump('IB-2', '2000', day(200))]);
    await waitFor('coverage notice', () =>
      received('serviceNotices').some((n) => n.type === 'coverageEnding') ? true : undefined,
    );
    await hub.settle();

    expect(
      received('serviceNotices')
        .filter((n) => n.type === 'coverageEnding')
        .map((n) => [n.customerId, n.partNumber, n.coverage, n.endsOn, n.daysLeft]),
    ).toEqual([[await customerIdOf('1000'), 'P-100', 'warranty', day(10), 10]]);
  });

  it('turns churn risk of a key customer into one retention task with the 360 summary, not of a small one', async () => {
    const bus = new EventBridgeClient({
      endpoint: hub.info.busEndpoint,
      region: hub.info.region,
      credentials: {
        accessKeyId: hub.info.functionEnvironment.AWS_ACCESS_KEY_ID ?? '',
        secretAccessKey: hub.info.functionEnvironment.AWS_SECRET_ACCESS_KEY ?? '',
      },
    });
    // What the insights work publishes when a customer starts slipping away.
    const churnRisk = async (customerId: string, episodeId: string) => ({
      Source: 'hub360.insights',
      DetailType: 'ChurnRiskRaised',
      EventBusName: hub.info.busName,
      Detail: JSON.stringify({
        schemaVersion: 1,
        metadata: {
          eventId: `evt-${episodeId}`,
          correlationId: `cor-${episodeId}`,
          occurredAt: new Date().toISOString(),
          producer: 'insights-recompute',
        },
        customerId,
        episodeId,
        score: 70,
        signals: [],
        revenueInValueWindow: 0,
        keyCustomer: false,
        raisedAt: new Date().toISOString(),
      }),
    });
    await bus.send(
      new PutEventsCommand({
        Entries: [
          await churnRisk(await customerIdOf('1000'), 'ep-anna'),
          await churnRisk(await customerIdOf('2000'), 'ep-bert'),
        ],
      }),
    );
    bus.destroy();
    await waitFor('retention task', () =>
      received('callCenterTasks').some((t) => t.type === 'retention') ? true : undefined,
    );
    await hub.settle();

    const tasks = received('callCenterTasks').filter((t) => t.type === 'retention');
    const customer = tasks[0]?.customer as Record<string, unknown> | undefined;
    expect(tasks.map((t) => [t.customerId, t.reason])).toEqual([[await customerIdOf('1000'), 'churnRisk']]);
    expect([customer?.name, customer?.keyCustomer, customer?.overdueInvoices]).toEqual([
      'Anna Berger',
      true,
      1,
    ]);
  });

  it('delivered every reaction with its idempotency key, through the connection the rule names', () => {
    const messages = inbox.store.list();

    expect(messages.length).toBeGreaterThan(0);
    expect(messages.filter((m) => !m.idempotencyKey).map((m) => m.path)).toEqual([]);
    expect(hub.deadLetters.list().map((d) => d.reason)).toEqual([]);
  });

  it('lists the delivered reactions in the feed as delivered, newest first, filterable by system', async () => {
    const token = await hub.mintToken(['customers:read']);
    const read = async (query: string) =>
      ReactionFeedPageSchema.parse(
        await (
          await fetch(`${hub.info.apiUrl}/reactions${query}`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).json(),
      );

    const callCenter = await read('?system=call-center');
    const all = await read('');

    expect(callCenter.items.map((r) => [r.rule, r.kind])).toEqual([
      ['retention-to-call-center', 'retentionTask'],
      ['payment-follow-up-to-call-center', 'paymentFollowUp'],
    ]);
    // The inbox accepted every one of them, and the ledger knows it.
    expect(all.items.filter((r) => r.delivery.status !== 'delivered').map((r) => r.rule)).toEqual([]);
    expect(all.items.map((r) => r.kind).sort()).toEqual([
      'changeRequest',
      'coverageNotice',
      'crossSellLead',
      'lateShipmentNotice',
      'paymentFollowUp',
      'retentionTask',
    ]);
  });

  it('measures the closed loop: the lead counts as converted once the customer orders the offered part', async () => {
    await store.ingest([
      exampleOrder({ key: 'SO-3', version: version() }, [erp('2000')], {
        orderedAt: new Date().toISOString(),
        lines: [{ partNumber: 'P-200', quantity: 1 }],
      }),
    ]);
    await hub.settle();
    const outcomes = async () => {
      const out: string[] = [];
      const code = await main(
        ['--data-dir', dataDir, 'rules', 'outcomes', '--rule', 'cross-sell-to-sales', '--json'],
        { out: (line) => out.push(line), err: (line) => out.push(line) },
      );
      return { code, report: JSON.parse(out.join('\n')) };
    };

    // The order's change stamps the lead's outcome on its ledger entry as the reaction function reads it
    // from the stream, so the report is read until that stamp has landed (or the wait gives up).
    const { code, report } = await waitFor('the lead stamped as converted', async () => {
      const answer = await outcomes();
      return answer.report.rules?.[0]?.converted === 1 ? answer : undefined;
    }).catch(async () => outcomes());

    expect(code).toBe(0);
    expect(report.rules).toEqual([
      expect.objectContaining({
        rule: 'cross-sell-to-sales',
        reactions: 1,
        converted: 1,
        pending: 0,
        conversionRate: 1,
      }),
    ]);
  });

  it('prints the outcome of every rule that sent something as a table', async () => {
    const out: string[] = [];

    const code = await main(['--data-dir', dataDir, 'rules', 'outcomes'], {
      out: (line) => out.push(line),
      err: (line) => out.push(line),
    });

    const rows = out.slice(1, -1).map((line) => line.split(/\s{2,}/).slice(0, 3));
    expect(code).toBe(0);
    expect(rows.sort()).toEqual([
      ['coverage-expiry-to-service', 'service', '1'],
      ['cross-sell-to-sales', 'sales', '1'],
      ['late-shipment-to-service', 'service', '1'],
      ['payment-follow-up-to-call-center', 'call-center', '1'],
      ['product-issues-to-pdm', 'pdm', '1'],
      ['retention-to-call-center', 'call-center', '1'],
    ]);
  });
  it('takes an erased customer out of the reactions feed, keeping the rule’s figures', async () => {
    const bert = await customerIdOf('2000');
    const token = await hub.mintToken(['customers:read']);
    const erasing = await fetch(`${hub.info.apiUrl}/customers/${bert}?reason=GDPR-2026-17`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${await hub.mintToken(['privacy:erase'], 'dpo')}` },
    });
    const feed = async () =>
      ReactionFeedPageSchema.parse(
        await (
          await fetch(`${hub.info.apiUrl}/reactions?system=sales`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).json(),
      ).items;

    // The erasure's event reaches the ledger through the bus, after the erasure answered.
    const [lead] = await waitFor('the lead without its customer', async () => {
      const items = await feed();
      return items.length > 0 && items.every((r) => r.customerId === undefined) ? items : undefined;
    });
    const out: string[] = [];
    await main(['--data-dir', dataDir, 'rules', 'outcomes', '--rule', 'cross-sell-to-sales', '--json'], {
      out: (line) => out.push(line),
      err: (line) => out.push(line),
    });

    expect(erasing.status).toBe(200);
    expect(lead).toMatchObject({ rule: 'cross-sell-to-sales', kind: 'crossSellLead', partNumber: 'P-200' });
    expect(lead?.summary).not.toContain('P-100');
    expect(JSON.stringify(await feed())).not.toContain(bert);
    expect(JSON.parse(out.join('\n')).rules).toEqual([
      expect.objectContaining({ rule: 'cross-sell-to-sales', reactions: 1, converted: 1 }),
    ]);
  });
});
