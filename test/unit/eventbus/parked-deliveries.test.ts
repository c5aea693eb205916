import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeadLetterStore } from '../../../infra/local/dead-letters.ts';
import { compileRule } from '../../../infra/local/eventbus/delivery/compiled-rule.ts';
import { type DispatcherOptions, RuleDispatcher } from '../../../infra/local/eventbus/delivery/dispatcher.ts';
import {
  FileParkedDeliveries,
  MemoryParkedDeliveries,
  type ParkedDelivery,
} from '../../../infra/local/eventbus/delivery/parked-deliveries.ts';
import type { EventEnvelope } from '../../../infra/local/eventbus/envelope.ts';
import { type RuleSpec, RuleSpecSchema } from '../../../infra/topology/schema.ts';

const eventNumber = (n: number): EventEnvelope => ({
  version: '0',
  id: `e-${n}`,
  'detail-type': 'RetentionTaskDue',
  source: 'hub360.reactions',
  account: '123456789012',
  time: '2026-11-23T08:00:00Z',
  region: 'eu-central-1',
  resources: [],
  detail: { customerId: `C-${n}` },
});

/** A call-center target limited to 1 request/s, reporting receipts like the sandbox's reaction targets. */
const callCenterRule: RuleSpec = RuleSpecSchema.parse({
  name: 'retention-to-call-center',
  description: 'retention tasks to the call center',
  pattern: { source: ['hub360.reactions'] },
  targets: [
    {
      kind: 'http',
      id: 'call-center',
      urlSetting: 'CALL_CENTER_URL',
      invocationRateLimitPerSecond: 1,
      retryPolicy: { maximumRetryAttempts: 5, maximumEventAgeSeconds: 3600 },
      deliveryReceipts: { function: 'reaction-ledger' },
    },
  ],
});

const NOW = Date.parse('2026-11-23T08:00:00Z');

const setUp = (options: Partial<DispatcherOptions> = {}) => {
  const deadLetters = new DeadLetterStore();
  const parked = new MemoryParkedDeliveries();
  const sent: string[] = [];
  const receipts: unknown[] = [];
  const dispatcher = new RuleDispatcher({
    rules: [compileRule(callCenterRule)],
    ruleArn: (name) => `arn:rule/${name}`,
    invokeFunction: async (_name, input) => void receipts.push(input),
    resolveSetting: () => 'http://call-center.test/tasks',
    fetch: async (_url, init) => {
      sent.push(JSON.parse(String(init?.body)).id);
      return new Response('', { status: 201 });
    },
    deadLetters,
    parked,
    // The rate limit's clock never moves: after the first token, every further delivery waits until stop.
    rateScheduler: { now: () => 0, sleep: () => new Promise(() => undefined) },
    now: () => NOW,
    retryBaseDelayMs: 60_000,
    retryMaxDelayMs: 60_000,
    ...options,
  });
  return { dispatcher, deadLetters, parked, sent, receipts };
};

describe('deliveries a stop interrupts are kept for the next start', () => {
  it('parks deliveries waiting for the rate limit instead of dead-lettering them, with no failed receipt', async () => {
    const { dispatcher, deadLetters, parked, sent, receipts } = setUp();
    for (const n of [1, 2, 3]) dispatcher.dispatch(eventNumber(n));
    await vi.waitFor(() => expect(sent).toEqual(['e-1']));

    await dispatcher.stop();

    expect(deadLetters.list()).toEqual([]);
    expect(receipts).toHaveLength(1);
    expect(parked.takeAll()).toEqual([
      expect.objectContaining({ rule: 'retention-to-call-center', target: 'call-center', attempts: 0 }),
      expect.objectContaining({ attempts: 0, event: eventNumber(3) }),
    ]);
  });

  it('parks a delivery waiting to retry with the attempts it made', async () => {
    const { dispatcher, deadLetters, parked } = setUp({
      fetch: async () => new Response('', { status: 503 }),
    });
    dispatcher.dispatch(eventNumber(1));
    await vi.waitFor(() => expect(dispatcher.stats.retried).toBe(1));

    await dispatcher.stop();

    expect(deadLetters.list()).toEqual([]);
    expect(parked.takeAll()).toEqual([
      expect.objectContaining({ attempts: 1, ingestedAt: NOW, reason: expect.stringContaining('503') }),
    ]);
  });

  it('resumes parked deliveries at the next start: delivered, counted on from their earlier attempts', async () => {
    const { dispatcher, sent, receipts } = setUp({ rateScheduler: undefined });
    const kept: ParkedDelivery = {
      rule: 'retention-to-call-center',
      target: 'call-center',
      event: eventNumber(7),
      attempts: 2,
      ingestedAt: NOW - 60_000,
      reason: 'the bus stopped before a retry: HTTP 503',
    };

    const resumed = dispatcher.resume([kept]);
    await dispatcher.drain();

    expect(resumed).toBe(1);
    expect(sent).toEqual(['e-7']);
    expect(receipts).toEqual([
      expect.objectContaining({ receipt: expect.objectContaining({ status: 'delivered', attempts: 3 }) }),
    ]);
  });

  it('dead-letters a parked delivery whose target is gone or whose maximum event age passed while stopped', () => {
    const { dispatcher, deadLetters } = setUp();
    const kept = (overrides: Partial<ParkedDelivery>): ParkedDelivery => ({
      rule: 'retention-to-call-center',
      target: 'call-center',
      event: eventNumber(1),
      attempts: 1,
      ingestedAt: NOW,
      reason: 'the bus stopped before it was attempted',
      ...overrides,
    });

    const resumed = dispatcher.resume([
      kept({ target: 'old-crm' }),
      kept({ ingestedAt: NOW - 3_601_000, event: eventNumber(2) }),
    ]);

    expect(resumed).toBe(0);
    expect(deadLetters.list().map((letter) => letter.reason)).toEqual([
      expect.stringContaining('has no target old-crm'),
      expect.stringContaining('maximum event age of 3600s passed'),
    ]);
  });
});

describe('FileParkedDeliveries', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub360-parked-'));
  afterEach(() => rmSync(join(dir, 'parked.jsonl'), { force: true }));

  it('keeps parked deliveries across instances and hands each out once, skipping a line cut short', () => {
    const file = join(dir, 'parked.jsonl');
    const delivery: ParkedDelivery = {
      rule: 'r',
      target: 't',
      event: eventNumber(1),
      attempts: 0,
      ingestedAt: NOW,
      reason: 'the bus stopped before it was attempted',
    };
    new FileParkedDeliveries({ file }).park(delivery);
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"rule":"r","tar`, { flag: 'w' });
    const corrupt: number[] = [];
    const store = new FileParkedDeliveries({ file, onCorruptLine: (line) => corrupt.push(line) });

    const first = store.takeAll();
    const second = store.takeAll();

    expect(first).toEqual([delivery]);
    expect(corrupt).toEqual([2]);
    expect(second).toEqual([]);
  });
});
