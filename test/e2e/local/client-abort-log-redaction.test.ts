import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalHub, startLocalHub } from '../../../infra/local/runtime.ts';
import { LocalSettingsSchema } from '../../../infra/local/settings.ts';
import { waitFor } from '../../support/wait-for.ts';
import { fixtureRoot, fixtureTopology } from '../fixtures/topology.ts';

/** Sends a request whose body never arrives in full, then hangs up: a client that gives up mid-request. */
const abortMidRequest = (apiUrl: string, path: string) =>
  new Promise<void>((resolve, reject) => {
    const { hostname, port } = new URL(apiUrl);
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n` +
          'Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbm5hIn0.c2lnbmF0dXJl\r\n' +
          'Content-Length: 4096\r\n\r\n{"partial": ',
        () => {
          socket.destroy();
          resolve();
        },
      );
    });
    socket.on('error', reject);
  });

describe('logs of the local runtime when a client aborts a request', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub360-redact-'));
  const captured: string[] = [];
  let hub: LocalHub;

  beforeAll(async () => {
    // Capture what reaches the terminal: Powertools writes JSON lines to stdout/stderr.
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: never[]) => {
        captured.push(String(chunk));
        return write(chunk as string, ...rest);
      }) as typeof stream.write);
    }
    hub = await startLocalHub({
      settings: LocalSettingsSchema.parse({
        dataDir,
        apiPort: 0,
        busPort: 0,
        storePort: 0,
        logFormat: 'json',
        logLevel: 'DEBUG',
      }),
      topology: fixtureTopology,
      rootDir: fixtureRoot,
      runSchedulesAtStart: false,
    });
  });
  afterAll(async () => {
    await hub?.stop();
    vi.restoreAllMocks();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs the failed request without the e-mail, phone or token of its path and headers', async () => {
    const path =
      '/customers/anna.schmidt@example.com/orders?identifier=phone:%2B4989123456&contact=anna.schmidt%40example.com' +
      '&mobile=+49 171 2345678';

    await abortMidRequest(hub.info.apiUrl, path.replace(/ /g, '%20'));
    const line = await waitFor('the aborted request to be logged', () =>
      captured.find((text) => text.includes('route handler failed')),
    );

    expect(line).toContain('"level":"ERROR"');
    expect(line).toContain('/customers/[email]/orders');
    const everything = captured.join('');
    for (const secret of ['anna.schmidt', '4989123456', '171 2345678', '2345678', 'eyJhbGciOiJSUzI1NiJ9']) {
      expect(everything).not.toContain(secret);
    }
  });
});
