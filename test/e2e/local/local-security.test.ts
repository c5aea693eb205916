import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_SIGNING_ALGORITHM, loadOrCreateSigningKey } from '../../../infra/local/auth/signing-key.ts';
import { type LocalHub, startLocalHub } from '../../../infra/local/runtime.ts';
import { runtimeInfoFile } from '../../../infra/local/runtime-info.ts';
import { LocalSettingsSchema } from '../../../infra/local/settings.ts';
import { startRecordingServer } from '../../support/recording-server.ts';
import { waitFor } from '../../support/wait-for.ts';
import { fixtureRoot, fixtureTopology } from '../fixtures/topology.ts';

/** An event the fixture rule routes to the webhook target. */
const itemChanged = (pk: string) => ({
  Source: 'test.fixture',
  DetailType: 'ItemChanged',
  Detail: JSON.stringify({ pk }),
  EventBusName: 'hub360-local',
});

describe('the local runtime is no more open than AWS', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub360-security-'));
  let hub: LocalHub;
  let webhook: Awaited<ReturnType<typeof startRecordingServer>>;
  const busClient = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
    new EventBridgeClient({
      endpoint: hub.info.busEndpoint,
      region: hub.info.region,
      credentials,
      maxAttempts: 1,
    });
  const hubCredentials = () => ({
    accessKeyId: hub.info.functionEnvironment.AWS_ACCESS_KEY_ID ?? '',
    secretAccessKey: hub.info.functionEnvironment.AWS_SECRET_ACCESS_KEY ?? '',
  });

  beforeAll(async () => {
    webhook = await startRecordingServer();
    hub = await startLocalHub({
      settings: LocalSettingsSchema.parse({
        dataDir,
        apiPort: 0,
        busPort: 0,
        storePort: 0,
        logLevel: 'SILENT',
      }),
      topology: fixtureTopology,
      rootDir: fixtureRoot,
      environment: {
        FIXTURE_WEBHOOK_URL: `${webhook.url}/hooks/items`,
        HUB_SECRET_FIXTURE: 'fixture-secret-value',
      },
      runSchedulesAtStart: false,
      asyncRetryDelaysMs: [5],
      busRetryBaseDelayMs: 5,
    });
  });
  afterAll(async () => {
    await hub?.stop();
    await webhook?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses an unsigned PutEvents with the AWS error shape, and the forged event reaches no target', async () => {
    const response = await fetch(hub.info.busEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
      body: JSON.stringify({ Entries: [itemChanged('ITEM#forged-unsigned')] }),
    });
    const body = (await response.json()) as { __type: string };
    // A signed event sent afterwards is delivered: once it arrives, the forged one had every chance to.
    await busClient(hubCredentials()).send(new PutEventsCommand({ Entries: [itemChanged('ITEM#signed')] }));
    await waitFor('the signed event to reach the webhook', () =>
      webhook.requests.find((r) => r.body.includes('ITEM#signed')),
    );

    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(body.__type).toBe('MissingAuthenticationTokenException');
    expect(webhook.requests.some((r) => r.body.includes('ITEM#forged-unsigned'))).toBe(false);
  });

  it('refuses calls signed with an unknown key id (UnrecognizedClientException) or a wrong secret (InvalidSignatureException)', async () => {
    const pattern = new TestEventPatternCommand({
      EventPattern: JSON.stringify({ source: ['x'] }),
      Event: JSON.stringify({
        id: '1',
        account: '000000000000',
        source: 'x',
        time: '2026-01-01T00:00:00Z',
        region: hub.info.region,
        resources: [],
        'detail-type': 't',
        detail: {},
      }),
    });
    const wrongKey = busClient({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) });
    const wrongSecret = busClient({ ...hubCredentials(), secretAccessKey: 'y'.repeat(40) });

    await expect(wrongKey.send(pattern)).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(wrongSecret.send(pattern)).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      wrongSecret.send(new PutEventsCommand({ Entries: [itemChanged('ITEM#forged-signed')] })),
    ).rejects.toThrow();
    await expect(busClient(hubCredentials()).send(pattern)).resolves.toMatchObject({ Result: true });
  });

  it('answers 401 for a token signed with the issuer key but naming an unknown kid', async () => {
    const key = await loadOrCreateSigningKey(join(dataDir, 'dev-issuer'));
    const known = await hub.mintToken(['items:read']);
    const claims = JSON.parse(Buffer.from(known.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const unknownKid = await new SignJWT(claims)
      .setProtectedHeader({ alg: DEV_SIGNING_ALGORITHM, kid: 'not-a-key-of-this-issuer', typ: 'JWT' })
      .sign(key.privateKey);

    const refused = await fetch(`${hub.info.apiUrl}/items/1`, {
      headers: { authorization: `Bearer ${unknownKid}` },
    });
    const accepted = await fetch(`${hub.info.apiUrl}/items/1`, {
      headers: { authorization: `Bearer ${known}` },
    });

    expect(refused.status).toBe(401);
    expect(accepted.status).not.toBe(401);
  });

  it('writes runtime.json owner-only and without any secret value', () => {
    const file = runtimeInfoFile(dataDir);
    const text = readFileSync(file, 'utf8');

    expect(statSync(file).mode & 0o777).toBe(0o600);
    for (const [name, value] of Object.entries(hub.info.functionEnvironment)) {
      if (name.startsWith('HUB_SECRET_') || name === 'AWS_SECRET_ACCESS_KEY') {
        expect(text, name).not.toContain(value);
      }
    }
    expect(text).not.toContain('fixture-secret-value');
  });
});
