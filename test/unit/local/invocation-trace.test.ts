import { describe, expect, it } from 'vitest';
import {
  createLocalFunctions,
  type InvocationTrace,
} from '../../../infra/local/functions/local-functions.ts';
import { FunctionSpecSchema } from '../../../infra/topology/schema.ts';

const spec = FunctionSpecSchema.parse({
  entry: 'functions/x.ts',
  description: 'test',
  timeoutSeconds: 3,
  asyncRetries: 0,
});

describe('local functions: invocation traces', () => {
  it('tells the observer of every finished invocation with its event, result or failure, in order', async () => {
    const traces: InvocationTrace[] = [];
    const functions = createLocalFunctions({
      functions: { ok: spec, broken: spec },
      loadHandler: async (name) =>
        name === 'ok'
          ? async (event: unknown) => ({ echoed: event })
          : async () => {
              throw new Error('boom');
            },
      onFailure: { add: () => undefined },
      onInvocation: (trace) => traces.push(trace),
    });

    await functions.invoke('ok', { a: 1 });
    await functions.invokeAsync('broken', { b: 2 });
    await functions.idle();

    expect(traces.map((t) => [t.function, t.event, t.failed, t.result])).toEqual([
      ['ok', { a: 1 }, false, { echoed: { a: 1 } }],
      ['broken', { b: 2 }, true, undefined],
    ]);
    expect(traces.every((t) => t.finishedAt >= t.startedAt)).toBe(true);
  });
});
