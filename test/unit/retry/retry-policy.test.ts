import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  backoffDelayMs,
  RETRY,
  RetriesExhaustedError,
  sleepMs,
  withRetries,
} from '../../../core/retry/retry-policy.ts';

describe('backoffDelayMs', () => {
  it.each([
    [1, 0, 50],
    [1, 1, 100],
    [3, 0, 200],
    [3, 1, 400],
    [20, 1, 1000],
  ])('attempt %i with random %d waits %i ms (base 100, cap 1000)', (attempt, random, expected) => {
    expect(backoffDelayMs({ baseDelayMs: 100, maxDelayMs: 1000 }, attempt, () => random)).toBe(expected);
  });

  it('waits at least what the server asked for, but never longer than the cap', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };

    expect(backoffDelayMs(policy, 1, () => 0, 700)).toBe(700);
    expect(backoffDelayMs(policy, 1, () => 0, 5000)).toBe(1000);
  });
});

describe('withRetries', () => {
  const policy = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100 };

  it('returns the first value an attempt settles on, after backing off between tries', async () => {
    const waits: number[] = [];
    const attempts: number[] = [];

    const result = await withRetries(
      policy,
      'op',
      async (n) => {
        attempts.push(n);
        return n < 3 ? RETRY : 'done';
      },
      { sleep: async (ms) => void waits.push(ms), random: () => 1 },
    );

    expect(result).toBe('done');
    expect(attempts).toEqual([1, 2, 3]);
    expect(waits).toEqual([10, 20]);
  });

  it('names the operation when every attempt asked for another try', async () => {
    const run = withRetries(policy, 'TransactWriteItems', async () => RETRY, { sleep: async () => {} });

    await expect(run).rejects.toThrow(RetriesExhaustedError);
    await expect(
      withRetries(policy, 'TransactWriteItems', async () => RETRY, { sleep: async () => {} }),
    ).rejects.toThrow('TransactWriteItems: still failing after 3 attempts');
  });
});

describe('withRetries when the policy runs out', () => {
  it('backs off between attempts but not after the last one, and throws an error named RetriesExhaustedError', async () => {
    const waits: number[] = [];

    const failure = await withRetries(
      { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100 },
      'PutEvents',
      async () => RETRY,
      { sleep: async (ms) => void waits.push(ms), random: () => 1 },
    ).catch((err: unknown) => err);

    expect(waits).toEqual([10, 20]);
    expect((failure as Error).name).toBe('RetriesExhaustedError');
  });
});

describe('sleepMs', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves once its time has passed on the timer, not before', async () => {
    vi.useFakeTimers();
    let done = false;
    const sleeping = sleepMs(100).then(() => {
      done = true;
    });

    await vi.advanceTimersByTimeAsync(99);
    const early = done;
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;

    expect(early).toBe(false);
    expect(done).toBe(true);
  });
});
