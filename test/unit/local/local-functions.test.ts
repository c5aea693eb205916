import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LambdaHandler } from '../../../infra/local/functions/load-handler.ts';
import {
  createLocalFunctions,
  FunctionTimeoutError,
  UnknownFunctionError,
} from '../../../infra/local/functions/local-functions.ts';
import { FunctionSpecSchema } from '../../../infra/topology/schema.ts';

const spec = (timeoutSeconds: number, asyncRetries = 2) =>
  FunctionSpecSchema.parse({ entry: 'functions/x.ts', description: 'test', timeoutSeconds, asyncRetries });

const setup = (handlers: Record<string, LambdaHandler>, asyncRetries = 2) => {
  const deadLetters: Array<{ origin: string; reason: string; attempts: number; payload: unknown }> = [];
  const functions = createLocalFunctions({
    functions: Object.fromEntries(Object.keys(handlers).map((n) => [n, spec(3, asyncRetries)])),
    loadHandler: async (name) => {
      const handler = handlers[name];
      if (!handler) throw new Error(`no handler ${name}`);
      return handler;
    },
    onFailure: { add: (letter) => deadLetters.push(letter) },
    asyncRetryDelaysMs: [1, 1],
  });
  return { functions, deadLetters };
};

describe('local functions with Lambda semantics', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns the handler result and gives it a context counting down from the timeout', async () => {
    let remaining = 0;
    let name = '';
    const { functions } = setup({
      echo: async (event: unknown, context: Context) => {
        remaining = context.getRemainingTimeInMillis();
        name = context.functionName;
        return { got: event };
      },
    });

    const result = await functions.invoke('echo', { a: 1 });

    expect(result).toEqual({ got: { a: 1 } });
    expect(name).toBe('echo');
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(3000);
  });

  it('fails an invocation that runs past its timeout with Lambda’s message', async () => {
    vi.useFakeTimers();
    const { functions } = setup({ slow: () => new Promise(() => {}) });

    const outcome = functions.invoke('slow', {}).catch((err: unknown) => err);
    await vi.advanceTimersByTimeAsync(3001);

    const err = await outcome;
    expect(err).toBeInstanceOf(FunctionTimeoutError);
    expect(String(err)).toContain('Task timed out after 3.00 seconds');
  });

  it('retries a failing async invocation twice, then sends it to the on-failure destination', async () => {
    let calls = 0;
    const { functions, deadLetters } = setup({
      flaky: async () => {
        calls++;
        throw new Error('downstream unavailable');
      },
    });

    await functions.invokeAsync('flaky', { order: 7 });
    await functions.idle();

    expect(calls).toBe(3);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      origin: 'function:flaky',
      attempts: 3,
      reason: 'Error: downstream unavailable',
      payload: { requestPayload: { order: 7 }, requestContext: { condition: 'RetriesExhausted' } },
    });
  });

  it('stops retrying as soon as an attempt succeeds', async () => {
    let calls = 0;
    const { functions, deadLetters } = setup({
      recovers: async () => {
        calls++;
        if (calls < 2) throw new Error('first attempt fails');
        return 'ok';
      },
    });

    await functions.invokeAsync('recovers', {});
    await functions.idle();

    expect(calls).toBe(2);
    expect(deadLetters).toHaveLength(0);
  });

  it('honours asyncRetries = 0', async () => {
    let calls = 0;
    const { functions, deadLetters } = setup(
      {
        once: async () => {
          calls++;
          throw new Error('nope');
        },
      },
      0,
    );

    await functions.invokeAsync('once', {});
    await functions.idle();

    expect(calls).toBe(1);
    expect(deadLetters[0]?.attempts).toBe(1);
  });

  it('rejects invocations of functions the topology does not declare', async () => {
    const { functions } = setup({});

    await expect(functions.invoke('ghost', {})).rejects.toBeInstanceOf(UnknownFunctionError);
    await expect(functions.invokeAsync('ghost', {})).rejects.toBeInstanceOf(UnknownFunctionError);
  });

  it('warms a handler by loading it once without invoking it; the first invocation reuses it', async () => {
    const loads: string[] = [];
    const calls: unknown[] = [];
    const functions = createLocalFunctions({
      functions: { read: spec(3) },
      loadHandler: async (name) => {
        loads.push(name);
        return async (event: unknown) => calls.push(event);
      },
      onFailure: { add: () => undefined },
    });

    await functions.warm('read');
    const loadsBeforeInvoke = [...loads];
    const callsBeforeInvoke = calls.length;
    await functions.invoke('read', { n: 1 });

    expect(loadsBeforeInvoke).toEqual(['read']);
    expect(callsBeforeInvoke).toBe(0);
    expect(loads).toEqual(['read']);
    expect(calls).toEqual([{ n: 1 }]);
  });
});
