import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { FileEventArchive } from '../../../infra/local/eventbus/archive/file-event-archive.ts';
import type { RateScheduler } from '../../../infra/local/eventbus/delivery/rate-limiter.ts';
import { entry, rules, startTestBus, type TestBus } from './bus-fixture.ts';

/** A real HTTP endpoint recording each request's body and the virtual time it arrived; answers the scripted statuses, then 200. */
const startReceiver = async (clock: () => number, statuses: number[] = []) => {
  const received: { body: Record<string, unknown>; at: number }[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  };
  const server: Server = createServer(async (req, res) => {
    const at = clock();
    received.push({ body: JSON.parse(await readBody(req)), at });
    res.writeHead(statuses.shift() ?? 200).end();
    for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`,
    received,
    /** Resolves once `count` requests have arrived. */
    arrived: (count: number) =>
      new Promise<void>((resolve) => {
        if (received.length >= count) resolve();
        else waiters.push({ count, resolve });
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/**
 * A virtual clock that jumps forward when the rate limiter sleeps: time passes only through the limiter.
 * `beforeAdvance` lets a test wait until what was granted at the current time has arrived.
 */
const virtualScheduler = (beforeAdvance: (sleeps: number) => Promise<void> = async () => {}) => {
  let sleeps = 0;
  const scheduler: RateScheduler & { time: number } = {
    time: 0,
    now: () => scheduler.time,
    sleep: async (ms: number) => {
      sleeps++;
      await beforeAdvance(sleeps);
      scheduler.time += ms;
    },
  };
  return scheduler;
};

const post = async (endpoint: string, path: string, body: unknown) => {
  const response = await fetch(`${endpoint}${path}`, { method: 'POST', body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const orderEvent = (n: number, status: string) =>
  entry({ n, order: { status } }, { Source: 'hub360.commerce', DetailType: 'OrderRecorded' });

describe('bus operations: archive, backtest, replay, rate limits, redrive', () => {
  let t: TestBus | undefined;
  let dir: string | undefined;
  const cleanup: (() => Promise<void>)[] = [];

  afterEach(async () => {
    await t?.close();
    for (const step of cleanup.splice(0)) await step();
    if (dir) rmSync(dir, { recursive: true, force: true });
    t = undefined;
    dir = undefined;
  });

  it('backtests a pattern against the archive, counting and listing matches and delivering nothing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub360-archive-'));
    const scheduler = virtualScheduler();
    const receiver = await startReceiver(scheduler.now);
    cleanup.push(receiver.close);
    t = await startTestBus({
      archive: new FileEventArchive({ dir, maxSegmentBytes: 2_000 }),
      resolveSetting: () => receiver.url,
      rateScheduler: scheduler,
      rules: rules({
        name: 'quotes',
        description: 'quotes only',
        pattern: { 'detail-type': ['OrderRecorded'], detail: { order: { status: ['quote'] } } },
        targets: [{ kind: 'http', id: 'erp', urlSetting: 'ERP_URL' }],
      }),
    });
    const statuses = ['quote', 'open', 'quote', 'delivered', 'open', 'open', 'quote', 'open'];
    await t.client.send(new PutEventsCommand({ Entries: statuses.map((s, n) => orderEvent(n, s)) }));
    await t.bus.drain();
    const deliveredBefore = receiver.received.length;

    const result = await post(t.bus.endpoint, '/_hub360/rules/backtest', {
      pattern: { source: ['hub360.commerce'], detail: { order: { status: ['open'] } } },
      since: '7d',
    });
    await t.bus.drain();

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ scanned: 8, matched: 4 });
    expect((result.body.events as { detail: { n: number } }[]).map((e) => e.detail.n)).toEqual([1, 4, 5, 7]);
    expect(deliveredBefore).toBe(3);
    expect(receiver.received).toHaveLength(3);
  });

  it('answers a malformed pattern or time with a 400 that says what is wrong', async () => {
    t = await startTestBus();

    const badPattern = await post(t.bus.endpoint, '/_hub360/rules/backtest', {
      pattern: { source: 'x' },
      since: '1d',
    });
    const badSince = await post(t.bus.endpoint, '/_hub360/rules/backtest', {
      pattern: {},
      since: 'yesterday',
    });

    expect(badPattern.status).toBe(400);
    expect(badSince).toMatchObject({ status: 400, body: { message: expect.stringContaining('7d') } });
  });

  it('replays archived events the rule matches to that rule only, marked with the replay name', async () => {
    const scheduler = virtualScheduler();
    const quotes = await startReceiver(scheduler.now);
    const everything = await startReceiver(scheduler.now);
    cleanup.push(quotes.close, everything.close);
    t = await startTestBus({
      resolveSetting: (name) => (name === 'QUOTES_URL' ? quotes.url : everything.url),
      rateScheduler: scheduler,
      rules: rules(
        {
          name: 'quotes',
          description: 'quotes only',
          pattern: { detail: { order: { status: ['quote'] } } },
          targets: [{ kind: 'http', id: 'erp', urlSetting: 'QUOTES_URL', inputPath: '$' }],
        },
        {
          name: 'everything',
          description: 'all orders',
          pattern: { 'detail-type': ['OrderRecorded'] },
          targets: [{ kind: 'http', id: 'all', urlSetting: 'ALL_URL' }],
        },
      ),
    });
    await t.client.send(
      new PutEventsCommand({ Entries: ['quote', 'open', 'quote'].map((s, n) => orderEvent(n, s)) }),
    );
    await t.bus.drain();

    const result = await post(t.bus.endpoint, '/_hub360/rules/replay', { rule: 'quotes', since: '1h' });
    await t.bus.drain();

    expect(result.body).toMatchObject({ rule: 'quotes', scanned: 3, replayed: 2 });
    expect(quotes.received).toHaveLength(4);
    expect(quotes.received.slice(2).map((r) => r.body['replay-name'])).toEqual([
      result.body.replayName,
      result.body.replayName,
    ]);
    expect(everything.received).toHaveLength(3);
  });

  it('refuses to replay to a rule the bus does not have, naming the known rules', async () => {
    t = await startTestBus({
      rules: rules({
        name: 'known-rule',
        description: 'x',
        pattern: { source: ['x'] },
        targets: [{ kind: 'function', id: 'f', function: 'fn' }],
      }),
    });

    const result = await post(t.bus.endpoint, '/_hub360/rules/replay', { rule: 'nope', since: '1h' });

    expect(result).toMatchObject({ status: 404, body: { message: expect.stringContaining('known-rule') } });
  });

  it('holds a burst to the target rate limit, in order', async () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
    // Capacity 2, then one token per sleep: before the k-th sleep, k + 1 deliveries were granted.
    const scheduler = virtualScheduler((sleeps) => receiver?.arrived(sleeps + 1) ?? Promise.resolve());
    receiver = await startReceiver(() => scheduler.now());
    cleanup.push(receiver.close);
    t = await startTestBus({
      resolveSetting: () => receiver.url,
      rateScheduler: scheduler,
      rules: rules({
        name: 'limited',
        description: 'two a second',
        pattern: { source: ['hub360.commerce'] },
        targets: [{ kind: 'http', id: 'slow-erp', urlSetting: 'ERP_URL', invocationRateLimitPerSecond: 2 }],
      }),
    });

    await t.client.send(
      new PutEventsCommand({ Entries: [0, 1, 2, 3, 4, 5].map((n) => orderEvent(n, 'open')) }),
    );
    await t.bus.drain();

    const byTime = [...receiver.received].sort((a, b) => a.at - b.at);
    expect(byTime.map((r) => r.at)).toEqual([0, 0, 500, 1000, 1500, 2000]);
    expect(byTime.slice(2).map((r) => (r.body.detail as { n: number }).n)).toEqual([2, 3, 4, 5]);
  });

  it('dead-letters a failing target and redrives it to that target once it recovers', async () => {
    const scheduler = virtualScheduler();
    const failing = await startReceiver(scheduler.now, [500, 500, 500]);
    const healthy = await startReceiver(scheduler.now);
    cleanup.push(failing.close, healthy.close);
    t = await startTestBus({
      resolveSetting: (name) => (name === 'FAILING_URL' ? failing.url : healthy.url),
      rateScheduler: scheduler,
      rules: rules({
        name: 'two-targets',
        description: 'one failing, one healthy',
        pattern: { source: ['hub360.commerce'] },
        targets: [
          {
            kind: 'http',
            id: 'failing',
            urlSetting: 'FAILING_URL',
            retryPolicy: { maximumRetryAttempts: 2 },
          },
          { kind: 'http', id: 'healthy', urlSetting: 'HEALTHY_URL' },
        ],
      }),
    });
    await t.client.send(new PutEventsCommand({ Entries: [orderEvent(7, 'open')] }));
    await t.bus.drain();
    expect(t.deadLetters.list({ origin: 'rule:two-targets/*' })).toHaveLength(1);

    const result = await post(t.bus.endpoint, '/_hub360/dead-letters/redrive', {
      origin: 'rule:two-targets/*',
    });
    await t.bus.drain();

    expect(result.body).toEqual({ redriven: 1, skipped: [] });
    expect(failing.received).toHaveLength(4);
    expect(failing.received.at(-1)?.body).toMatchObject({ detail: { n: 7 } });
    expect(healthy.received).toHaveLength(1);
    expect(t.deadLetters.size).toBe(0);
  });
});
