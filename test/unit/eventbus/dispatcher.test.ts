import { describe, expect, it, vi } from 'vitest';
import { DeadLetterStore } from '../../../infra/local/dead-letters.ts';
import { compileRule, InvalidRuleError } from '../../../infra/local/eventbus/delivery/compiled-rule.ts';
import { type DispatcherOptions, RuleDispatcher } from '../../../infra/local/eventbus/delivery/dispatcher.ts';
import type { EventEnvelope } from '../../../infra/local/eventbus/envelope.ts';
import { type RuleSpec, RuleSpecSchema } from '../../../infra/topology/schema.ts';

const event: EventEnvelope = {
  version: '0',
  id: 'e-1',
  'detail-type': 'LifecycleStageChanged',
  source: 'hub360.insights',
  account: '123456789012',
  time: '2026-11-23T08:00:00Z',
  region: 'eu-central-1',
  resources: [],
  detail: { customerId: 'C-1', stage: 'dormant' },
};

const rule = (overrides: Record<string, unknown> = {}, target: Record<string, unknown> = {}): RuleSpec =>
  RuleSpecSchema.parse({
    name: 'churn-warning',
    description: 'dormant customers become call-center tasks',
    pattern: { source: ['hub360.insights'], detail: { stage: ['dormant'] } },
    targets: [{ kind: 'function', function: 'create-task', id: 'task', ...target }],
    ...overrides,
  });

const dispatcherWith = (rules: RuleSpec[], options: Partial<DispatcherOptions> = {}) => {
  const deadLetters = new DeadLetterStore();
  const dispatcher = new RuleDispatcher({
    rules: rules.map(compileRule),
    ruleArn: (name) => `arn:rule/${name}`,
    invokeFunction: async () => {},
    resolveSetting: () => undefined,
    deadLetters,
    retryBaseDelayMs: 2,
    retryMaxDelayMs: 10,
    ...options,
  });
  return { dispatcher, deadLetters };
};

describe('RuleDispatcher', () => {
  it('delivers only to rules whose pattern matches', async () => {
    const invoked: unknown[] = [];
    const { dispatcher } = dispatcherWith([rule()], {
      invokeFunction: async (_name, input) => void invoked.push(input),
    });

    const matched = dispatcher.dispatch(event);
    const ignored = dispatcher.dispatch({ ...event, detail: { stage: 'long-term' } });
    await dispatcher.drain();

    expect(matched).toEqual(['churn-warning']);
    expect(ignored).toEqual([]);
    expect(invoked).toEqual([event]);
  });

  it('retries a target that fails twice, then delivers', async () => {
    let calls = 0;
    const { dispatcher, deadLetters } = dispatcherWith([rule()], {
      invokeFunction: async () => {
        calls++;
        if (calls <= 2) throw new Error(`failure ${calls}`);
      },
    });

    dispatcher.dispatch(event);
    await dispatcher.drain();

    expect(calls).toBe(3);
    expect(dispatcher.stats).toMatchObject({ delivered: 1, retried: 2, deadLettered: 0 });
    expect(deadLetters.list()).toEqual([]);
  });

  it('dead-letters after 1 + maximumRetryAttempts attempts with the last error', async () => {
    let calls = 0;
    const { dispatcher, deadLetters } = dispatcherWith(
      [rule({}, { retryPolicy: { maximumRetryAttempts: 2 } })],
      {
        invokeFunction: async () => {
          calls++;
          throw new Error(`failure ${calls}`);
        },
      },
    );

    dispatcher.dispatch(event);
    await dispatcher.drain();

    expect(calls).toBe(3);
    const [letter] = deadLetters.list();
    expect(letter).toMatchObject({ origin: 'rule:churn-warning/target:task', attempts: 3, payload: event });
    expect(letter?.reason).toContain('failure 3');
  });

  it('dead-letters once the event is older than maximumEventAgeSeconds', async () => {
    let clock = 0;
    const { dispatcher, deadLetters } = dispatcherWith(
      [rule({}, { retryPolicy: { maximumRetryAttempts: 100, maximumEventAgeSeconds: 60 } })],
      {
        now: () => clock,
        invokeFunction: async () => {
          clock += 25_000;
          throw new Error('slow and failing');
        },
      },
    );

    dispatcher.dispatch(event);
    await dispatcher.drain();

    expect(deadLetters.list()[0]).toMatchObject({ attempts: 3 });
    expect(deadLetters.list()[0]?.reason).toContain('maximum event age of 60s');
  });

  it('dead-letters an HTTP target whose URL setting is missing without retrying', async () => {
    const { dispatcher, deadLetters } = dispatcherWith([
      rule({ targets: [{ kind: 'http', urlSetting: 'CRM_TASKS_URL', id: 'crm' }] }),
    ]);

    dispatcher.dispatch(event);
    await dispatcher.drain();

    expect(deadLetters.list()).toMatchObject([{ attempts: 1, origin: 'rule:churn-warning/target:crm' }]);
    expect(deadLetters.list()[0]?.reason).toContain('CRM_TASKS_URL');
  });

  it('on stop, dead-letters deliveries waiting to retry instead of dropping them', async () => {
    const { dispatcher, deadLetters } = dispatcherWith([rule()], {
      retryBaseDelayMs: 60_000,
      retryMaxDelayMs: 60_000,
      invokeFunction: async () => {
        throw new Error('down');
      },
    });
    dispatcher.dispatch(event);
    await vi.waitFor(() => expect(dispatcher.stats.retried).toBe(1));

    await dispatcher.stop();

    expect(deadLetters.list()).toMatchObject([{ attempts: 1 }]);
    expect(deadLetters.list()[0]?.reason).toContain('bus stopped');
  });

  it('delivers each target of a rule independently', async () => {
    const calls: string[] = [];
    const { dispatcher, deadLetters } = dispatcherWith(
      [
        rule({
          targets: [
            { kind: 'function', function: 'ok-fn', id: 'a' },
            { kind: 'function', function: 'bad-fn', id: 'b', retryPolicy: { maximumRetryAttempts: 0 } },
          ],
        }),
      ],
      {
        invokeFunction: async (name) => {
          calls.push(name);
          if (name === 'bad-fn') throw new Error('nope');
        },
      },
    );

    dispatcher.dispatch(event);
    await dispatcher.drain();

    expect(calls.sort()).toEqual(['bad-fn', 'ok-fn']);
    expect(deadLetters.list().map((l) => l.origin)).toEqual(['rule:churn-warning/target:b']);
  });
});

describe('compileRule', () => {
  it('sends the receipt function of an HTTP target how each delivery ended: failed into a dead letter, then delivered on redrive', async () => {
    let answer = 503;
    const receipts: unknown[] = [];
    const { dispatcher, deadLetters } = dispatcherWith(
      [
        rule({
          targets: [
            {
              kind: 'http',
              id: 'crm',
              urlSetting: 'CRM_TASKS_URL',
              retryPolicy: { maximumRetryAttempts: 1 },
              deliveryReceipts: { function: 'reaction-ledger' },
            },
          ],
        }),
      ],
      {
        resolveSetting: () => 'http://crm.test/tasks',
        fetch: async () => new Response('', { status: answer }),
        invokeFunction: async (name, input) => void receipts.push({ name, input }),
        now: () => Date.parse('2026-11-23T08:00:05Z'),
      },
    );

    dispatcher.dispatch(event);
    await dispatcher.drain();
    answer = 201;
    const [letter] = deadLetters.list();
    dispatcher.redeliver('churn-warning', 'crm', event);
    await dispatcher.drain();

    expect(letter?.origin).toBe('rule:churn-warning/target:crm');
    expect(receipts).toEqual([
      {
        name: 'reaction-ledger',
        input: {
          receipt: expect.objectContaining({
            rule: 'churn-warning',
            target: 'crm',
            status: 'failed',
            attempts: 2,
            reason: expect.stringContaining('503'),
          }),
          event,
        },
      },
      {
        name: 'reaction-ledger',
        input: {
          receipt: {
            rule: 'churn-warning',
            target: 'crm',
            status: 'delivered',
            at: '2026-11-23T08:00:05.000Z',
            attempts: 1,
          },
          event,
        },
      },
    ]);
  });

  it('sends no receipt for targets that name no receipt function', async () => {
    const invoked: string[] = [];
    const { dispatcher } = dispatcherWith(
      [rule({ targets: [{ kind: 'http', id: 'crm', urlSetting: 'CRM_TASKS_URL' }] })],
      {
        resolveSetting: () => 'http://crm.test/tasks',
        fetch: async () => new Response('', { status: 200 }),
        invokeFunction: async (name) => void invoked.push(name),
      },
    );

    dispatcher.dispatch(event);
    await dispatcher.drain();

    expect([dispatcher.stats.delivered, invoked]).toEqual([1, []]);
  });

  it('names the rule whose pattern is invalid', () => {
    expect(() => compileRule(rule({ pattern: { detail: { stage: 'dormant' } } }))).toThrow(
      /^Rule "churn-warning": Event pattern is not valid\. Reason: "stage" must be an object or an array/,
    );
  });

  it('refuses a pattern longer than PutRule accepts', () => {
    const long = rule({ pattern: { source: Array.from({ length: 400 }, (_, i) => `hub360.source-${i}`) } });

    expect(() => compileRule(long)).toThrow(/^Rule "churn-warning": the event pattern is \d+ characters/);
  });

  it('names the rule and target whose input shaping is invalid', () => {
    expect(() => compileRule(rule({}, { inputPath: '$..x' }))).toThrow(InvalidRuleError);
    expect(() => compileRule(rule({}, { inputPath: '$..x' }))).toThrow('Rule "churn-warning", target "task"');
  });
});
