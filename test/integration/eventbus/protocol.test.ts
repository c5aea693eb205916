import { createServer } from 'node:net';
import {
  DescribeEventBusCommand,
  DescribeRuleCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadLetterStore } from '../../../infra/local/dead-letters.ts';
import { startLocalEventBus } from '../../../infra/local/eventbus/start-local-event-bus.ts';
import { PortInUseError } from '../../../infra/local/ports.ts';
import { ACCOUNT, BUS, entry, REGION, rules, startTestBus, type TestBus } from './bus-fixture.ts';

const sampleEvent = {
  id: 'e-1',
  account: ACCOUNT,
  source: 'hub360.scm',
  time: '2026-11-23T08:00:00Z',
  region: REGION,
  resources: [],
  'detail-type': 'ShipmentDelayed',
  detail: { delayDays: 4, customer: { tier: 'key' } },
};

const rejection = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (err: unknown) {
    if (err instanceof Error) return err;
  }
  throw new Error('expected the call to fail');
};

describe('local event bus through the unmodified EventBridge SDK client', () => {
  let t: TestBus;
  beforeAll(async () => {
    t = await startTestBus({
      rules: rules({
        name: 'key-customer-delay',
        description: 'late shipments for key customers',
        pattern: { source: ['hub360.scm'], detail: { customer: { tier: ['key'] } } },
        targets: [{ kind: 'function', function: 'notify', id: 'notify', inputPath: '$.detail' }],
      }),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('accepts valid entries and reports failed ones individually', async () => {
    const result = await t.client.send(
      new PutEventsCommand({
        Entries: [
          entry({ a: 1 }, { Time: new Date('2026-11-23T08:00:00Z'), Resources: ['arn:aws:x'] }),
          entry({ a: 2 }, { Detail: 'not json' }),
          entry({ a: 3 }, { Source: undefined }),
          entry({ a: 4 }, { EventBusName: 'no-such-bus' }),
          entry({ a: 5 }, { EventBusName: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${BUS}` }),
        ],
      }),
    );

    expect(result.FailedEntryCount).toBe(3);
    expect(result.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.Entries?.[1]).toEqual({
      ErrorCode: 'MalformedDetail',
      ErrorMessage: 'Detail is malformed.',
    });
    expect(result.Entries?.[2]?.ErrorCode).toBe('InvalidArgument');
    expect(result.Entries?.[3]).toEqual({
      ErrorCode: 'ResourceNotFoundException',
      ErrorMessage: 'Event bus no-such-bus does not exist.',
    });
    expect(result.Entries?.[4]?.EventId).toBeDefined();
  });

  it('rejects more than 10 entries with a ValidationException', async () => {
    const error = await rejection(
      t.client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, (_, i) => entry({ i })) })),
    );

    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain('less than or equal to 10');
  });

  it('rejects a request over 256 KB with a ValidationException', async () => {
    const big = entry({ blob: 'x'.repeat(130 * 1024) });

    const error = await rejection(t.client.send(new PutEventsCommand({ Entries: [big, big] })));

    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain('Total size of the entries');
  });

  it('answers TestEventPattern for matching and non-matching events', async () => {
    const pattern = JSON.stringify({ detail: { delayDays: [{ numeric: ['>=', 3] }] } });

    const yes = await t.client.send(
      new TestEventPatternCommand({ EventPattern: pattern, Event: JSON.stringify(sampleEvent) }),
    );
    const no = await t.client.send(
      new TestEventPatternCommand({
        EventPattern: pattern,
        Event: JSON.stringify({ ...sampleEvent, detail: { delayDays: 1 } }),
      }),
    );

    expect(yes.Result).toBe(true);
    expect(no.Result).toBe(false);
  });

  it.each([
    ['a leaf that is not an array', { source: 'hub360.scm' }, '"source" must be an object or an array'],
    ['consecutive wildcards', { source: [{ wildcard: 'hub**' }] }, 'Consecutive wildcard characters'],
    [
      'a bad numeric range',
      { detail: { n: [{ numeric: ['>', 5, '<', 1] }] } },
      'Bottom must be less than top',
    ],
  ])('rejects a pattern with %s as InvalidEventPatternException', async (_what, pattern, reason) => {
    const error = await rejection(
      t.client.send(
        new TestEventPatternCommand({
          EventPattern: JSON.stringify(pattern),
          Event: JSON.stringify(sampleEvent),
        }),
      ),
    );

    expect(error.name).toBe('InvalidEventPatternException');
    expect(error.message).toContain(reason);
  });

  it('rejects a TestEventPattern event without the mandatory fields', async () => {
    const error = await rejection(
      t.client.send(
        new TestEventPatternCommand({ EventPattern: '{"source":["a"]}', Event: '{"source":"a"}' }),
      ),
    );

    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain('id, account');
  });

  it('lists and describes the topology rules and their targets', async () => {
    const listed = await t.client.send(new ListRulesCommand({ EventBusName: BUS }));
    const described = await t.client.send(
      new DescribeRuleCommand({ Name: 'key-customer-delay', EventBusName: BUS }),
    );
    const targets = await t.client.send(
      new ListTargetsByRuleCommand({ Rule: 'key-customer-delay', EventBusName: BUS }),
    );
    const onDefault = await t.client.send(new ListRulesCommand({}));

    expect(listed.Rules?.map((r) => r.Name)).toEqual(['key-customer-delay']);
    expect(JSON.parse(described.EventPattern ?? '')).toEqual({
      source: ['hub360.scm'],
      detail: { customer: { tier: ['key'] } },
    });
    expect(described.Arn).toBe(`arn:aws:events:${REGION}:${ACCOUNT}:rule/${BUS}/key-customer-delay`);
    expect(targets.Targets?.[0]).toMatchObject({
      Id: 'notify',
      Arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:notify`,
      InputPath: '$.detail',
      RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
    });
    expect(onDefault.Rules).toEqual([]);
  });

  it('describes its bus and refuses unknown buses', async () => {
    const bus = await t.client.send(new DescribeEventBusCommand({ Name: BUS }));
    const error = await rejection(t.client.send(new DescribeEventBusCommand({ Name: 'elsewhere' })));

    expect(bus.Arn).toBe(t.bus.busArn);
    expect(error.name).toBe('ResourceNotFoundException');
  });

  it('answers unknown operations and malformed JSON in the AWS JSON error shape', async () => {
    const send = (target: string, body: string) =>
      fetch(`${t.bus.endpoint}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
        body,
      });

    const unknown = await send('AWSEvents.PutRule', '{}');
    const malformed = await send('AWSEvents.PutEvents', '{"Entries": [');

    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ __type: 'SerializationException' });
  });
});

describe('local event bus start-up', () => {
  const base = {
    busName: BUS,
    region: REGION,
    accountId: ACCOUNT,
    invokeFunction: async () => {},
    resolveSetting: () => undefined,
    deadLetters: new DeadLetterStore(),
  };

  it('names the port and the setting when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const error = await rejection(startLocalEventBus({ ...base, port, rules: [] }));

      expect(error).toBeInstanceOf(PortInUseError);
      expect(error.message).toContain(String(port));
      expect(error.message).toContain('HUB360_BUS_PORT');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses to start with an invalid rule pattern, naming the rule', async () => {
    const invalid = rules({
      name: 'broken-rule',
      description: 'bad pattern',
      pattern: { detail: { n: [{ numeric: ['>'] }] } },
      targets: [{ kind: 'function', function: 'fn', id: 't' }],
    });

    const error = await rejection(startLocalEventBus({ ...base, port: 0, rules: invalid }));

    expect(error.message).toContain('Rule "broken-rule"');
    expect(error.message).toContain('Value of > must be numeric');
  });
});
