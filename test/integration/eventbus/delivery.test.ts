import { createServer, type IncomingMessage, type Server } from 'node:http';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeadLetter } from '../../../infra/local/dead-letters.ts';
import { entry, rules, startTestBus, type TestBus } from './bus-fixture.ts';

interface ReceivedRequest {
  readonly method: string | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** A real HTTP endpoint on 127.0.0.1 answering with the scripted statuses (0: never answers), then 200. */
const startReceiver = async (statuses: number[] = []) => {
  const received: ReceivedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  };
  const server: Server = createServer(async (req, res) => {
    received.push({
      method: req.method,
      contentType: req.headers['content-type'],
      body: await readBody(req),
    });
    const status = statuses.shift() ?? 200;
    if (status !== 0) res.writeHead(status).end();
    for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
  return {
    url,
    received,
    /** Resolves once `count` requests have arrived. */
    arrived: (count: number) =>
      new Promise<void>((resolve) => {
        if (received.length >= count) resolve();
        else waiters.push({ count, resolve });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

const deadLettersOverHttp = async (endpoint: string, origin: string): Promise<DeadLetter[]> => {
  const response = await fetch(`${endpoint}/_hub360/dead-letters?origin=${encodeURIComponent(origin)}`);
  const body = (await response.json()) as { deadLetters: DeadLetter[] };
  return body.deadLetters;
};

describe('rule delivery to function targets', () => {
  let t: TestBus;
  const invocations: [string, unknown][] = [];
  let failuresLeft: Record<string, number>;

  beforeEach(async () => {
    invocations.length = 0;
    failuresLeft = { flaky: 2, broken: Number.POSITIVE_INFINITY };
    t = await startTestBus({
      invokeFunction: async (name, input) => {
        invocations.push([name, input]);
        const left = failuresLeft[name] ?? 0;
        if (left > 0) {
          failuresLeft[name] = left - 1;
          throw new Error(`${name} is failing`);
        }
      },
      rules: rules(
        {
          name: 'stage-change',
          description: 'lifecycle stage changes, shaped two ways',
          pattern: { 'detail-type': ['LifecycleStageChanged'] },
          targets: [
            { kind: 'function', function: 'by-path', id: 'path', inputPath: '$.detail.customer' },
            {
              kind: 'function',
              function: 'by-template',
              id: 'template',
              inputTransformer: {
                inputPathsMap: { id: '$.detail.customer.id', stage: '$.detail.stage' },
                inputTemplate: '{"customerId": <id>, "text": "now <stage>", "rule": <aws.events.rule-name>}',
              },
            },
          ],
        },
        {
          name: 'flaky-rule',
          description: 'a target that fails twice',
          pattern: { 'detail-type': ['Flaky'] },
          targets: [{ kind: 'function', function: 'flaky', id: 'flaky' }],
        },
        {
          name: 'broken-rule',
          description: 'a target that always fails',
          pattern: { 'detail-type': ['Broken'] },
          targets: [
            { kind: 'function', function: 'broken', id: 'broken', retryPolicy: { maximumRetryAttempts: 2 } },
          ],
        },
      ),
    });
  });
  afterEach(async () => {
    await t.close();
  });

  it('shapes the input with InputPath and InputTransformer', async () => {
    await t.client.send(
      new PutEventsCommand({
        Entries: [
          entry(
            { customer: { id: 'C-7', name: 'Acme' }, stage: 'dormant' },
            { DetailType: 'LifecycleStageChanged' },
          ),
        ],
      }),
    );
    await t.bus.drain();

    expect(invocations).toContainEqual(['by-path', { id: 'C-7', name: 'Acme' }]);
    expect(invocations).toContainEqual([
      'by-template',
      { customerId: 'C-7', text: 'now dormant', rule: 'stage-change' },
    ]);
    expect(invocations).toHaveLength(2);
  });

  it('retries a target that fails twice and then delivers it once', async () => {
    await t.client.send(new PutEventsCommand({ Entries: [entry({ n: 1 }, { DetailType: 'Flaky' })] }));
    await t.bus.drain();

    expect(invocations.filter(([name]) => name === 'flaky')).toHaveLength(3);
    expect(t.bus.stats.delivered).toBe(1);
    expect(t.deadLetters.list()).toEqual([]);
  });

  it('dead-letters a target that always fails, listable over HTTP', async () => {
    const put = await t.client.send(
      new PutEventsCommand({ Entries: [entry({ n: 2 }, { DetailType: 'Broken' })] }),
    );
    await t.bus.drain();

    const letters = await deadLettersOverHttp(t.bus.endpoint, 'rule:broken-rule/target:broken');
    expect(invocations.filter(([name]) => name === 'broken')).toHaveLength(3);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      attempts: 3,
      payload: { id: put.Entries?.[0]?.EventId, detail: { n: 2 } },
    });
    expect(letters[0]?.reason).toContain('broken is failing');
  });
});

describe('rule delivery to HTTP targets', () => {
  let t: TestBus | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;

  afterEach(async () => {
    await t?.close();
    await receiver?.close();
  });

  /** The HTTP attempts' timeout signals, in order; a test aborts one to time that attempt out. */
  let timeouts: AbortController[] = [];

  const startWith = async (statuses: number[], target: Record<string, unknown> = {}) => {
    receiver = await startReceiver(statuses);
    const url = receiver.url;
    timeouts = [];
    t = await startTestBus({
      timeoutSignal: () => {
        const controller = new AbortController();
        timeouts.push(controller);
        return controller.signal;
      },
      resolveSetting: (name) => (name === 'CRM_WEBHOOK_URL' ? url : undefined),
      rules: rules({
        name: 'crm-webhook',
        description: 'forward to the CRM',
        pattern: { source: ['hub360.test'] },
        targets: [
          {
            kind: 'http',
            urlSetting: 'CRM_WEBHOOK_URL',
            id: 'crm',
            retryPolicy: { maximumRetryAttempts: 3 },
            ...target,
          },
        ],
      }),
    });
    return { t, receiver };
  };

  it('PUTs the shaped JSON to the URL the setting names', async () => {
    const { t, receiver } = await startWith([], { method: 'PUT', inputPath: '$.detail' });

    await t.client.send(new PutEventsCommand({ Entries: [entry({ order: 'SO-1' })] }));
    await t.bus.drain();

    expect(receiver.received).toEqual([
      { method: 'PUT', contentType: 'application/json', body: '{"order":"SO-1"}' },
    ]);
  });

  it('retries 5xx and 429 answers, then delivers', async () => {
    const { t, receiver } = await startWith([503, 429]);

    await t.client.send(new PutEventsCommand({ Entries: [entry({ order: 'SO-2' })] }));
    await t.bus.drain();

    expect(receiver.received).toHaveLength(3);
    expect(JSON.parse(receiver.received[2]?.body ?? '{}')).toMatchObject({ detail: { order: 'SO-2' } });
    expect(t.deadLetters.list()).toEqual([]);
  });

  it('does not retry a 400 answer and dead-letters the event', async () => {
    const { t, receiver } = await startWith([400]);

    await t.client.send(new PutEventsCommand({ Entries: [entry({ order: 'SO-3' })] }));
    await t.bus.drain();

    expect(receiver.received).toHaveLength(1);
    expect(t.deadLetters.list()).toMatchObject([{ origin: 'rule:crm-webhook/target:crm', attempts: 1 }]);
    expect(t.deadLetters.list()[0]?.reason).toContain('HTTP 400');
  });

  it('dead-letters after the retry policy when the endpoint keeps failing', async () => {
    const { t, receiver } = await startWith([500, 500, 500, 500, 500]);

    await t.client.send(new PutEventsCommand({ Entries: [entry({ order: 'SO-4' })] }));
    await t.bus.drain();

    expect(receiver.received).toHaveLength(4);
    expect(t.deadLetters.list()).toMatchObject([{ attempts: 4 }]);
  });

  it('retries an endpoint that does not answer before the attempt times out', async () => {
    const { t, receiver } = await startWith([0]);
    await t.client.send(new PutEventsCommand({ Entries: [entry({ order: 'SO-5' })] }));
    // The first request hangs at the endpoint; its timeout fires now (no wall-clock wait).
    await receiver.arrived(1);
    timeouts[0]?.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));

    await t.bus.drain();

    expect(receiver.received).toHaveLength(2);
    expect(timeouts).toHaveLength(2);
    expect(timeouts[1]?.signal.aborted).toBe(false);
    expect(t.bus.stats).toMatchObject({ delivered: 1, retried: 1 });
    expect(t.deadLetters.list()).toEqual([]);
  });
});
