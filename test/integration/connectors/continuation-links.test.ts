import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvironmentSecrets } from '../../../adapters/secrets/environment-secrets.ts';
import { createConnectorSyncService } from '../../../app/connector-sync/connector-sync-service.ts';
import { ConnectorsConfigSchema } from '../../../connectors/config/connector-config.ts';
import { fetchTransport } from '../../../connectors/http/transport.ts';
import { unlimitedTimeBudget } from '../../../connectors/kit/time-budget.ts';
import { DeltaStateSchema } from '../../../connectors/protocols/odata/odata-delta-stream.ts';
import {
  sandboxConnectorEnvironment,
  sandboxConnectorsConfig,
} from '../../../infra/local/sandbox-connectors.ts';
import { type Sandbox, startSandbox } from '../../../sandbox/index.ts';
import { connectorExpectations, storeRecordKey } from './expectations.ts';
import { type Harness, startHarness } from './harness.ts';

const CONNECTOR = 'business-central';
const FIXED = new Date('2026-11-30T08:00:00.000Z');
const bc = connectorExpectations.find((c) => c.connector === CONNECTOR);
if (!bc) throw new Error('no expectation for business-central');

/** A plain HTTP server that records every request it gets and answers with `answer`. */
const recordingServer = async (
  port: number,
  answer: (url: string) => unknown = () => ({ error: 'nothing here' }),
) => {
  const received: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server: Server = createServer((request, response) => {
    received.push({ url: request.url ?? '', headers: request.headers });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer(request.url ?? '')));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

/** Issue 10 item 3: continuation links are relative to the base URL and never leave its origin. */
describe('Business Central continuation links across a restart on new ports', () => {
  let h: Harness;
  let moved: Sandbox | undefined;

  beforeAll(async () => {
    h = await startHarness({
      only: CONNECTOR,
      sandbox: { scale: 20, pageSizes: { businessCentral: 7 }, clock: () => FIXED },
    });
  });
  afterAll(async () => {
    await moved?.stop();
    await h?.stop();
  });

  it('carries on from its delta links after the system comes back on another port, sending nothing to the old one', async () => {
    const first = await h.service.sync(
      { connector: CONNECTOR, full: false },
      { timeBudget: unlimitedTimeBudget },
    );
    const stored = DeltaStateSchema.parse((await h.state.loadCheckpoint(CONNECTOR, 'customers'))?.state);
    const oldPort = Number(new URL(h.sandbox.endpoints.businessCentral).port);
    await h.sandbox.stop();
    const oldListener = await recordingServer(oldPort);
    // The same seed and clock rebuild the same company; the restarted system is then changed.
    moved = await startSandbox({
      landingDir: h.sandbox.endpoints.clickstreamDir,
      scale: 20,
      clock: () => FIXED,
    });
    for (let i = 0; i < 10; i += 1) await moved.tick();
    const config = sandboxConnectorsConfig(moved.endpoints, moved.credentials)[CONNECTOR];
    const service = createConnectorSyncService({
      connectors: ConnectorsConfigSchema.parse({ [CONNECTOR]: config }),
      sink: h.recorder.sink,
      state: h.state,
      secrets: createEnvironmentSecrets(sandboxConnectorEnvironment(moved.endpoints, moved.credentials)),
      clock: h.clock,
      transport: fetchTransport,
    });

    const resumed = await service.sync(
      { connector: CONNECTOR, full: false },
      { timeBudget: unlimitedTimeBudget },
    );
    await oldListener.close();
    const truth = moved.truth();
    const records = await h.storedRecords();

    expect(first.failed).toEqual([]);
    expect(stored.deltaLink).toMatch(/^\/customers\?/);
    expect(JSON.stringify(stored)).not.toContain('127.0.0.1');
    expect(resumed.failed).toEqual([]);
    expect(oldListener.received).toEqual([]);
    // Only the changes were read: the delta links carried on instead of starting over.
    const read = resumed.streams.reduce((n, s) => n + s.recordsRead, 0);
    expect(read).toBeGreaterThan(0);
    const total = bc.streams.reduce((n, s) => n + s.keys(truth).length, 0);
    expect(read).toBeLessThan(total / 2);
    for (const s of bc.streams) {
      for (const key of s.keys(truth)) {
        expect(records.get(storeRecordKey(s.entity, CONNECTOR, s.stream, key))?.deleted, key).toBe(false);
      }
    }
  });

  it('refuses a next link to another origin, naming it, without sending it the Authorization header', async () => {
    const foreign = await recordingServer(0);
    const source = await recordingServer(0, (url) =>
      url.includes('/companies(')
        ? { value: [], '@odata.nextLink': `${foreign.origin}/v2.0/steal?$skiptoken=1` }
        : { access_token: 'token-for-the-source', expires_in: 3600 },
    );
    const service = createConnectorSyncService({
      connectors: ConnectorsConfigSchema.parse({
        [CONNECTOR]: {
          preset: 'business-central',
          baseUrl: `${source.origin}/v2.0/tenant/production/api/v2.0`,
          companyId: 'c0',
          auth: { kind: 'bearer', secret: 'bc' },
          retry: { maxAttempts: 1 },
        },
      }),
      sink: h.recorder.sink,
      state: h.state,
      secrets: createEnvironmentSecrets({ HUB_SECRET_BC: JSON.stringify({ token: 'secret-bearer' }) }),
      clock: h.clock,
      transport: fetchTransport,
    });

    const result = await service.sync(
      { connector: CONNECTOR, full: true, streams: ['customers'] },
      { timeBudget: unlimitedTimeBudget },
    );
    await foreign.close();
    await source.close();

    expect(result.failed).toEqual(['customers']);
    expect(result.streams[0]?.error).toContain(
      `ForeignOriginLinkError: the source sent a continuation link to ${foreign.origin}`,
    );
    expect(source.received[0]?.headers.authorization).toBe('Bearer secret-bearer');
    expect(foreign.received).toEqual([]);
  });
});
