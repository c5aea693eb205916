import { describe, expect, it } from 'vitest';
import { SourceHttpClient } from '../../../connectors/http/http-client.ts';
import { createTokenBucket } from '../../../connectors/http/rate-budget.ts';
import { parseRetryAfter, RetryPolicySchema } from '../../../connectors/http/retry-policy.ts';
import type { HttpResponse, HttpTransport } from '../../../connectors/http/transport.ts';
import { nextLinkFromHeader } from '../../../connectors/protocols/rest/link-header.ts';
import { createVirtualClock } from '../../../core/ports/clock.ts';
import { backoffDelayMs } from '../../../core/retry/retry-policy.ts';

const policy = RetryPolicySchema.parse({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 10_000 });

describe('retry policy', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');

    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('never waits less than Retry-After asks, nor more than the cap', () => {
    expect(backoffDelayMs(policy, 1, () => 0, 2500)).toBe(2500);
    expect(backoffDelayMs(policy, 10, () => 1)).toBeLessThanOrEqual(10_000);
    expect(backoffDelayMs(policy, 3, () => 1)).toBe(400);
  });
});

describe('token bucket', () => {
  it('lets a burst through, then paces requests at the configured rate', async () => {
    const clock = createVirtualClock(() => 0);
    const bucket = createTokenBucket({ requestsPerSecond: 2, burst: 2 }, clock);
    const times: number[] = [];

    for (let i = 0; i < 6; i += 1) {
      await bucket.take();
      times.push(clock.now());
    }

    expect(times).toEqual([0, 0, 500, 1000, 1500, 2000]);
  });
});

const respond = (status: number, body: string, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  body,
});

describe('source HTTP client', () => {
  const clientWith = (responses: HttpResponse[]) => {
    const clock = createVirtualClock(() => 0);
    const seen: string[] = [];
    const transport: HttpTransport = async (request) => {
      seen.push(request.url);
      const next = responses.shift();
      if (!next) throw new Error('no more responses');
      return next;
    };
    const client = new SourceHttpClient({
      transport,
      clock,
      budget: createTokenBucket({ requestsPerSecond: 1000, burst: 1000 }, clock),
      retry: policy,
      timeoutMs: 1000,
      random: () => 0,
    });
    return { client, clock, seen };
  };

  it('retries 429 (honouring Retry-After), 5xx and malformed JSON, then returns the body', async () => {
    const { client, clock } = clientWith([
      respond(429, 'slow down', { 'retry-after': '2' }),
      respond(503, 'busy'),
      respond(200, '{"value": [1'),
      respond(200, '{"value": [1]}'),
    ]);

    const response = await client.getJson('http://source/x');

    expect(response.json).toEqual({ value: [1] });
    expect(client.stats).toEqual({ requests: 4, retries: 3 });
    expect(clock.now()).toBeGreaterThanOrEqual(2000);
  });

  it('does not retry a client error and names the status', async () => {
    const { client, seen } = clientWith([respond(404, 'no such entity set')]);

    await expect(client.getJson('http://source/x?$filter=secret')).rejects.toThrow(/404/);
    expect(seen).toHaveLength(1);
  });
});

describe('Link header', () => {
  it('finds the rel="next" target among several links', () => {
    const header = '<https://api/x?page=1>; rel="prev", <https://api/x?page=3>; rel="next"';

    expect(nextLinkFromHeader(header)).toBe('https://api/x?page=3');
    expect(nextLinkFromHeader('<https://api/x?page=1>; rel="prev"')).toBeUndefined();
  });
});
