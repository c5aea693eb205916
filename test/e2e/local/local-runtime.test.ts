import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedFetch } from '../../../adapters/aws-signing/signed-fetch.ts';
import { type LocalHub, startLocalHub } from '../../../infra/local/runtime.ts';
import { LocalSettingsSchema } from '../../../infra/local/settings.ts';
import { localAwsIdentity } from '../../../infra/local/store/dynamodb-local.ts';
import { startRecordingServer } from '../../support/recording-server.ts';
import { waitFor } from '../../support/wait-for.ts';
import { fixtureRoot, fixtureTopology } from '../fixtures/topology.ts';

describe('embedded local runtime, end to end', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub360-e2e-'));
  let hub: LocalHub;
  let dynamo: DynamoDBClient;
  let webhook: Awaited<ReturnType<typeof startRecordingServer>>;

  // The first start picks free ports; a restart may reuse them, as `npm start` does with its fixed defaults,
  // or get others (the last test).
  const start = (ports = { apiPort: 0, busPort: 0, storePort: 0 }) =>
    startLocalHub({
      settings: LocalSettingsSchema.parse({ dataDir, ...ports, streamPollMs: 100, logLevel: 'SILENT' }),
      topology: fixtureTopology,
      rootDir: fixtureRoot,
      environment: { FIXTURE_WEBHOOK_URL: `${webhook.url}/hooks/items` },
      asyncRetryDelaysMs: [5, 5],
      busRetryBaseDelayMs: 5,
    });

  beforeAll(async () => {
    webhook = await startRecordingServer();
    hub = await start();
    dynamo = new DynamoDBClient({ endpoint: hub.info.storeEndpoint, ...localAwsIdentity });
  });
  afterAll(async () => {
    await hub?.stop();
    dynamo?.destroy();
    await webhook?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const putItem = (pk: string) =>
    dynamo.send(
      new PutItemCommand({ TableName: hub.info.tableName, Item: { pk: { S: pk }, sk: { S: 'ITEM' } } }),
    );

  it('turns a committed write into an event that reaches both of the rule’s targets', async () => {
    await putItem('ITEM#42');

    const delivered = await waitFor('the webhook to receive the change', () =>
      webhook.requests.find((r) => r.body.includes('ITEM#42')),
    );
    const recorded = await waitFor('the recorder function to store the event', async () => {
      const page = await dynamo.send(
        new QueryCommand({
          TableName: hub.info.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: 'RECORDED#ITEM#42' } },
        }),
      );
      return page.Items?.[0];
    });

    expect(delivered).toMatchObject({ method: 'POST', path: '/hooks/items', body: '{"changed": "ITEM#42"}' });
    const event = JSON.parse(recorded.event?.S ?? '{}');
    expect(event).toMatchObject({
      source: 'test.fixture',
      'detail-type': 'ItemChanged',
      detail: { pk: 'ITEM#42', change: 'INSERT' },
    });
  });

  it('does not deliver an event that no rule matches to any target', async () => {
    const since = new Date(Date.now() - 60_000);
    await putItem('OTHER#1');
    // The bus archives an event as it accepts it, and starts its deliveries in the same step.
    await waitFor('the OTHER#1 event to reach the bus', () =>
      hub.bus.operations.backtest({ detail: { pk: ['OTHER#1'] } }, since).events.at(0),
    );

    await hub.settle();

    expect(webhook.requests.some((r) => r.body.includes('OTHER#1'))).toBe(false);
    const recorded = await dynamo.send(
      new QueryCommand({
        TableName: hub.info.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'RECORDED#OTHER#1' } },
      }),
    );
    expect(recorded.Items).toEqual([]);
  });

  it('retries a failing target and then keeps the event as a dead letter that can be listed over HTTP', async () => {
    await putItem('ITEM#broken-1');

    const letter = await waitFor('the dead letter', async () => {
      // Signed like the hub's own callers: the bus refuses unsigned admin requests.
      const signed = createSignedFetch({
        credentials: {
          accessKeyId: hub.info.functionEnvironment.AWS_ACCESS_KEY_ID ?? '',
          secretAccessKey: hub.info.functionEnvironment.AWS_SECRET_ACCESS_KEY ?? '',
        },
        region: hub.info.region,
        service: 'events',
      });
      const res = await signed(`${hub.info.busEndpoint}/_hub360/dead-letters`);
      const body = (await res.json()) as { deadLetters: Array<{ origin: string; attempts: number }> };
      return body.deadLetters.find((l) => l.origin === 'function:always-fails');
    });

    expect(letter.attempts).toBe(2);
  });

  it('serves topology routes through the gateway with JWT scopes', async () => {
    await putItem('ITEM#7');
    const token = await hub.mintToken(['items:read']);
    const wrongScope = await hub.mintToken(['other:read']);

    const ok = await fetch(`${hub.info.apiUrl}/items/ITEM%237`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const forbidden = await fetch(`${hub.info.apiUrl}/items/ITEM%237`, {
      headers: { authorization: `Bearer ${wrongScope}` },
    });
    const anonymous = await fetch(`${hub.info.apiUrl}/items/ITEM%237`);

    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: 'ITEM#7' });
    expect([forbidden.status, anonymous.status]).toEqual([403, 401]);
  });

  it('runs schedules: a schedule marked runAtStart fires once at start and next only one interval later', async () => {
    const ticks = async () =>
      (
        await dynamo.send(
          new QueryCommand({
            TableName: hub.info.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': { S: 'TICK#hourly' } },
          }),
        )
      ).Items ?? [];
    await waitFor('the scheduled ticker to write', async () =>
      (await ticks()).length > 0 ? true : undefined,
    );

    await hub.settle();

    // Each firing writes its own item (sk = firing time): exactly one firing so far.
    expect(await ticks()).toHaveLength(1);
    const [schedule, ...others] = hub.schedules;
    expect(others).toEqual([]);
    expect(schedule?.name).toBe('tick');
    // rate(1 hour): the next firing is an hour after the start, far beyond this test.
    expect((schedule?.next?.getTime() ?? 0) - Date.parse(hub.info.startedAt)).toBeGreaterThanOrEqual(
      59 * 60_000,
    );
  });

  it('answers TestEventPattern through the real SDK client', async () => {
    // Signed with the credentials the hub generated for its functions: the bus accepts no others.
    const bus = new EventBridgeClient({
      endpoint: hub.info.busEndpoint,
      region: hub.info.region,
      credentials: {
        accessKeyId: hub.info.functionEnvironment.AWS_ACCESS_KEY_ID ?? '',
        secretAccessKey: hub.info.functionEnvironment.AWS_SECRET_ACCESS_KEY ?? '',
      },
    });

    const result = await bus.send(
      new TestEventPatternCommand({
        EventPattern: JSON.stringify({ detail: { pk: [{ prefix: 'ITEM#' }] } }),
        Event: JSON.stringify({
          id: '1',
          account: '000000000000',
          source: 'x',
          time: '2026-01-01T00:00:00Z',
          region: 'eu-central-1',
          resources: [],
          'detail-type': 'y',
          detail: { pk: 'ITEM#1' },
        }),
      }),
    );
    bus.destroy();

    expect(result.Result).toBe(true);
  });

  it('keeps the data across a restart and does not redeliver changes already delivered', async () => {
    await hub.settle();
    const deliveredBefore = webhook.requests.length;
    const ports = {
      apiPort: Number(new URL(hub.info.apiUrl).port),
      busPort: Number(new URL(hub.info.busEndpoint).port),
      storePort: Number(new URL(hub.info.storeEndpoint).port),
    };
    await hub.stop();
    dynamo.destroy();

    hub = await start(ports);
    dynamo = new DynamoDBClient({ endpoint: hub.info.storeEndpoint, ...localAwsIdentity });
    await putItem('ITEM#after-restart');
    await waitFor('the post-restart change', () =>
      webhook.requests.find((r) => r.body.includes('after-restart')),
    );
    const kept = await dynamo.send(
      new GetItemCommand({ TableName: hub.info.tableName, Key: { pk: { S: 'ITEM#42' }, sk: { S: 'ITEM' } } }),
    );

    expect(kept.Item?.pk?.S).toBe('ITEM#42');
    expect(webhook.requests.length).toBe(deliveredBefore + 1);
  });

  it('gives a hub started again in this process on other ports functions that call its own store and bus', async () => {
    // prepare: the functions of the hubs before have run (their modules hold SDK clients built for them)
    await hub.settle();
    const busBefore = hub.info.busEndpoint;
    await hub.stop();
    dynamo.destroy();

    // act: a new hub on free ports, so its store and bus are elsewhere
    hub = await start();
    dynamo = new DynamoDBClient({ endpoint: hub.info.storeEndpoint, ...localAwsIdentity });
    await putItem('ITEM#other-ports');

    // assert: the change publisher reached this hub's bus, and the recorder this hub's store
    expect(hub.info.busEndpoint).not.toBe(busBefore);
    await waitFor('the webhook to receive the change through the new bus', () =>
      webhook.requests.find((r) => r.body.includes('ITEM#other-ports')),
    );
    await waitFor('the recorder function to store the event in the new store', async () => {
      const page = await dynamo.send(
        new QueryCommand({
          TableName: hub.info.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: 'RECORDED#ITEM#other-ports' } },
        }),
      );
      return page.Items?.[0];
    });
    // (the dead letter of the failing target, kept in the data folder since the earlier test, is not its doing)
    expect(hub.deadLetters.list().filter((l) => l.origin !== 'function:always-fails')).toEqual([]);
  });
});
