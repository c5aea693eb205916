import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateLocalCredentials } from '../../../infra/local/auth/local-credentials.ts';
import { run as runRulesCommand } from '../../../infra/local/cli/commands/rules.ts';
import type { CliContext } from '../../../infra/local/cli/context.ts';
import { resolveConnectionFromEnvironment } from '../../../infra/local/connection-secrets.ts';
import { inboxReactionEnvironment } from '../../../infra/local/reaction-targets.ts';
import type { RuntimeInfo } from '../../../infra/local/runtime-info.ts';
import { hubTopology } from '../../../infra/topology/index.ts';
import { BUS, startTestBus, type TestBus } from './bus-fixture.ts';

const RULE = 'product-issues-to-pdm';
const ORIGIN = `rule:${RULE}/target:pdm-change-request`;
const TOKEN = 'Bearer pdm-inbox-token';

/** A real PDM endpoint that refuses (HTTP 400, not retried) until told to accept; records every request. */
const startPdm = async () => {
  const requests: { status: number; body: string; headers: IncomingHttpHeaders }[] = [];
  let status = 400;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ status, body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    accepted: () => requests.filter((r) => r.status < 300),
    accept: () => {
      status = 202;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** The PDM change-request event as the reaction decisions announce it. */
const thresholdReached = {
  EventBusName: BUS,
  Source: 'hub360.reactions',
  DetailType: 'ProductIssueThresholdReached',
  Detail: JSON.stringify({
    metadata: { eventId: 'evt-redrive-test' },
    reactionKey: 'pdm:CP-8040:redrive-test',
    partNumber: 'CP-8040',
    complaints: 4,
    returns: 1,
    window: { from: '2026-11-01', to: '2026-12-01' },
    evidence: [{ interaction: 'T-1', category: 'complaint' }],
  }),
};

/** The CLI context of `hub360 rules redrive`, pointed at the test bus instead of a runtime.json. */
/** The CLI as a user runs it: in a hub's data folder, which holds the credentials it signs bus calls with. */
const cliContext = (dataDir: string, busEndpoint: string, out: string[]): CliContext => ({
  dataDir,
  runtime: { busEndpoint } as RuntimeInfo,
  out: (line) => out.push(line),
});

describe('redriving a reaction dead letter to its real HTTP target (the rule and environment the local hub runs)', () => {
  let t: TestBus | undefined;
  let pdm: Awaited<ReturnType<typeof startPdm>> | undefined;

  afterEach(async () => {
    await t?.close();
    await pdm?.close();
    t = undefined;
    pdm = undefined;
  });

  /** The hub's PDM rule on a bus whose settings and connections come from `environment`. */
  const startBus = async (environment: Record<string, string>) => {
    const rule = hubTopology.rules.find((r) => r.name === RULE);
    if (!rule) throw new Error(`the hub topology has no rule ${RULE}`);
    return startTestBus({
      rules: [rule],
      resolveSetting: (name) => environment[name],
      resolveConnection: resolveConnectionFromEnvironment(environment),
    });
  };

  const deadLetterOnce = async (bus: TestBus) => {
    await bus.client.send(new PutEventsCommand({ Entries: [thresholdReached] }));
    await bus.bus.drain();
    const [letter, ...others] = bus.deadLetters.list({ origin: ORIGIN });
    expect(others).toEqual([]);
    if (!letter) throw new Error(`no dead letter from ${ORIGIN}`);
    return letter;
  };

  it('delivers the change request PDM refused once PDM accepts, through the query API route, with the connection header', async () => {
    pdm = await startPdm();
    t = await startBus(inboxReactionEnvironment(pdm.url, TOKEN, hubTopology.rules));
    const letter = await deadLetterOnce(t);
    expect(pdm.requests.map((r) => r.status)).toEqual([400]);

    pdm.accept();
    // The route the query API's POST /dead-letters/{id}/redrive calls.
    const answer = await fetch(`${t.bus.endpoint}/_hub360/dead-letters/${letter.id}/redrive`, {
      method: 'POST',
    });
    await t.bus.drain();

    expect(answer.status).toBe(200);
    const [delivered, ...more] = pdm.accepted();
    expect(more).toEqual([]);
    expect(JSON.parse(delivered?.body ?? '{}')).toMatchObject({
      partNumber: 'CP-8040',
      reason: 'fieldIssues',
      idempotencyKey: 'pdm:CP-8040:redrive-test',
    });
    expect(delivered?.headers.authorization).toBe(TOKEN);
    expect(t.deadLetters.list({ origin: ORIGIN })).toEqual([]);
  });

  it('delivers it through `hub360 rules redrive --origin`, the same redrive', async () => {
    pdm = await startPdm();
    t = await startBus(inboxReactionEnvironment(pdm.url, TOKEN, hubTopology.rules));
    await deadLetterOnce(t);
    pdm.accept();
    const out: string[] = [];
    const dataDir = await mkdtemp(join(tmpdir(), 'hub360-cli-'));
    await loadOrCreateLocalCredentials(dataDir);

    const code = await runRulesCommand(
      ['redrive', '--origin', ORIGIN],
      cliContext(dataDir, t.bus.endpoint, out),
    ).finally(() => rm(dataDir, { recursive: true, force: true }));
    await t.bus.drain();

    expect(code).toBe(0);
    expect(out).toEqual(['redrove 1 dead letter(s)']);
    expect(pdm.accepted().map((r) => JSON.parse(r.body).partNumber)).toEqual(['CP-8040']);
    expect(t.deadLetters.size).toBe(0);
  });

  it('refuses to redrive while the target cannot be addressed (no connection secret), keeping the letter and saying why', async () => {
    pdm = await startPdm();
    pdm.accept();
    // The URL is set, the connection secret is not: the delivery cannot be sent, so nothing reaches PDM.
    t = await startBus({ REACTION_PDM_CHANGE_REQUEST_URL: `${pdm.url}/change-requests` });
    const letter = await deadLetterOnce(t);

    const answer = await fetch(`${t.bus.endpoint}/_hub360/dead-letters/${letter.id}/redrive`, {
      method: 'POST',
    });
    await t.bus.drain();

    expect(answer.status).toBe(409);
    await expect(answer.json()).resolves.toEqual({
      message: `rule ${RULE} target pdm-change-request cannot be delivered to: connection secret "pdm-connection" is not set: define HUB_SECRET_PDM_CONNECTION`,
    });
    expect(pdm.requests).toEqual([]);
    expect(t.deadLetters.list({ origin: ORIGIN }).map((l) => l.id)).toEqual([letter.id]);
  });
});
