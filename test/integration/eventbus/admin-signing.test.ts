import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedFetch } from '../../../adapters/aws-signing/signed-fetch.ts';
import { createLocalBusDeadLetters } from '../../../adapters/dead-letters/local-bus-dead-letters.ts';
import { REGION, startTestBus, type TestBus } from './bus-fixture.ts';

/** The credentials the hub generates for its own functions and CLI (here fixed for the test). */
const hubCredentials = { accessKeyId: 'HUBLTESTKEY000000001', secretAccessKey: 'x'.repeat(40) };

describe('the local bus admin routes (/_hub360/*) verify SigV4 like PutEvents', () => {
  let t: TestBus;
  let deadLetters: string;
  const signed = createSignedFetch({ credentials: hubCredentials, region: REGION, service: 'events' });

  beforeAll(async () => {
    t = await startTestBus({ credentials: hubCredentials });
    t.deadLetters.add({ origin: 'function:always-fails', reason: 'boom', attempts: 3, payload: { n: 1 } });
    deadLetters = `${t.bus.endpoint}/_hub360/dead-letters`;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses an unsigned dead-letter listing with 403 and a message saying what is needed', async () => {
    const response = await fetch(deadLetters);
    const body = (await response.json()) as { message: string };

    expect(response.status).toBe(403);
    expect(body.message).toMatch(
      /SigV4 signature .*hub's local credentials: MissingAuthenticationTokenException/,
    );
  });

  it('refuses a listing signed with the right key id but a wrong secret', async () => {
    const forged = createSignedFetch({
      credentials: { ...hubCredentials, secretAccessKey: 'y'.repeat(40) },
      region: REGION,
      service: 'events',
    });

    const response = await forged(deadLetters);

    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toMatch(/InvalidSignatureException/);
  });

  it('refuses unsigned operator POSTs: backtest, replay, redrive all and redrive one', async () => {
    const posts = [
      ['/_hub360/rules/backtest', { pattern: { source: ['x'] }, since: '1h' }],
      ['/_hub360/rules/replay', { rule: 'any', since: '1h' }],
      ['/_hub360/dead-letters/redrive', {}],
      ['/_hub360/dead-letters/some-id/redrive', {}],
    ] as const;

    const statuses = await Promise.all(
      posts.map(async ([path, body]) => {
        const response = await fetch(`${t.bus.endpoint}${path}`, {
          method: 'POST',
          body: JSON.stringify(body),
        });
        return [path, response.status];
      }),
    );

    expect(statuses).toEqual(posts.map(([path]) => [path, 403]));
    expect(t.deadLetters.size).toBe(1);
  });

  it('answers requests signed with the hub credentials, as the dead-letter adapter sends them', async () => {
    const queue = createLocalBusDeadLetters(deadLetters, signed);

    const listed = await queue.list({ origin: 'function:*' });
    const backtest = await signed(`${t.bus.endpoint}/_hub360/rules/backtest`, {
      method: 'POST',
      body: JSON.stringify({ pattern: { source: ['x'] }, since: '1h' }),
    });

    expect(listed.map((letter) => [letter.origin, letter.reason])).toEqual([
      ['function:always-fails', 'boom'],
    ]);
    expect(backtest.status).toBe(200);
  });

  it('keeps health open as a liveness probe', async () => {
    const response = await fetch(`${t.bus.endpoint}/_hub360/health`);

    expect(response.status).toBe(200);
  });
});
