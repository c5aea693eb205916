import type { FunctionSpec } from '../../topology/schema.ts';
import { createLambdaContext } from './lambda-context.ts';
import type { LambdaHandler } from './load-handler.ts';

/** Where failed async invocations go: the local stand-in for a Lambda on-failure destination. */
export interface OnFailureDestination {
  add(letter: { origin: string; reason: string; attempts: number; payload: unknown }): unknown;
}

/** Raised when a handler runs past its configured timeout, with Lambda's own wording. */
export class FunctionTimeoutError extends Error {
  override readonly name = 'FunctionTimeoutError';
  constructor(
    readonly functionName: string,
    timeoutSeconds: number,
  ) {
    super(`Task timed out after ${timeoutSeconds.toFixed(2)} seconds`);
  }
}

export class UnknownFunctionError extends Error {
  override readonly name = 'UnknownFunctionError';
  constructor(readonly functionName: string) {
    super(`Function not found: ${functionName}`);
  }
}

/** One finished invocation, for whoever watches the runtime (the freshness bench traces a change with it). */
export interface InvocationTrace {
  readonly function: string;
  readonly event: unknown;
  /** Epoch ms when the handler was called and when it returned or failed. */
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly failed: boolean;
  /** What the handler returned (undefined when it failed). */
  readonly result: unknown;
}

export interface LocalFunctionsOptions {
  readonly functions: Readonly<Record<string, FunctionSpec>>;
  /** Resolves a function's handler, loaded once and kept warm like a Lambda sandbox. */
  readonly loadHandler: (name: string, spec: FunctionSpec) => Promise<LambdaHandler>;
  readonly onFailure: OnFailureDestination;
  /** Delays before the async retries; Lambda waits about 1 and 2 minutes. @default [1000, 2000] */
  readonly asyncRetryDelaysMs?: readonly number[];
  /** Told of every invocation once it ended (sync, async and stream deliveries alike). */
  readonly onInvocation?: (trace: InvocationTrace) => void;
  readonly log?: (
    level: 'info' | 'warn' | 'error',
    message: string,
    details?: Record<string, unknown>,
  ) => void;
}

export interface LocalFunctions {
  /** RequestResponse: runs the handler with its timeout enforced and returns its result or rejects with its error. */
  invoke(name: string, event: unknown): Promise<unknown>;
  /** Event: accepted at once, like Lambda's 202; retried on failure, then sent to the on-failure destination. */
  invokeAsync(name: string, event: unknown): Promise<void>;
  /** Resolves once every accepted async invocation has finished (including its retries). */
  idle(): Promise<void>;
  /**
   * Loads a function's handler now without invoking it (its module's init runs), like Lambda's provisioned
   * concurrency, so the first request does not pay the module load; rejects when the handler cannot load.
   */
  warm(name: string): Promise<void>;
}

const errorDetails = (err: unknown) =>
  err instanceof Error
    ? { errorType: err.name, errorMessage: err.message }
    : { errorType: 'Error', errorMessage: String(err) };

/**
 * Runs topology functions in-process with Lambda semantics: a context with remaining time, the configured
 * timeout enforced, and async invocations retried (`asyncRetries`) before they go to the on-failure destination.
 * A handler that times out cannot be stopped in-process; its result is ignored, as Lambda would discard it.
 */
export const createLocalFunctions = (options: LocalFunctionsOptions): LocalFunctions => {
  const handlers = new Map<string, Promise<LambdaHandler>>();
  const inFlight = new Set<Promise<void>>();
  const delays = options.asyncRetryDelaysMs ?? [1000, 2000];

  const specOf = (name: string): FunctionSpec => {
    const spec = options.functions[name];
    if (!spec) throw new UnknownFunctionError(name);
    return spec;
  };

  const handlerOf = (name: string, spec: FunctionSpec) => {
    let handler = handlers.get(name);
    if (!handler) {
      handler = options.loadHandler(name, spec);
      handlers.set(name, handler);
      handler.catch(() => handlers.delete(name));
    }
    return handler;
  };

  const invoke = async (name: string, event: unknown): Promise<unknown> => {
    const spec = specOf(name);
    const handler = await handlerOf(name, spec);
    const timeoutMs = spec.timeoutSeconds * 1000;
    const context = createLambdaContext(name, spec, Date.now() + timeoutMs);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new FunctionTimeoutError(name, spec.timeoutSeconds)), timeoutMs);
    });
    const startedAt = Date.now();
    let failed = true;
    let result: unknown;
    try {
      result = await Promise.race([handler(event, context), timeout]);
      failed = false;
      return result;
    } finally {
      clearTimeout(timer);
      options.onInvocation?.({ function: name, event, startedAt, finishedAt: Date.now(), failed, result });
    }
  };

  const runWithRetries = async (name: string, spec: FunctionSpec, event: unknown) => {
    const attempts = spec.asyncRetries + 1;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await invoke(name, event);
        return;
      } catch (err: unknown) {
        lastError = err;
        options.log?.('warn', `async invocation of ${name} failed`, {
          attempt,
          of: attempts,
          ...errorDetails(err),
        });
        if (attempt < attempts)
          await new Promise((r) => setTimeout(r, delays[attempt - 1] ?? delays.at(-1) ?? 0));
      }
    }
    const details = errorDetails(lastError);
    options.log?.(
      'error',
      `async invocation of ${name} failed ${attempts} times; sent to on-failure destination`,
    );
    options.onFailure.add({
      origin: `function:${name}`,
      reason: `${details.errorType}: ${details.errorMessage}`,
      attempts,
      payload: {
        requestContext: {
          functionArn: name,
          condition: 'RetriesExhausted',
          approximateInvokeCount: attempts,
        },
        requestPayload: event,
        responsePayload: details,
      },
    });
  };

  return {
    invoke,
    invokeAsync: async (name, event) => {
      const spec = specOf(name);
      const run = runWithRetries(name, spec, event).finally(() => inFlight.delete(run));
      inFlight.add(run);
    },
    idle: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    warm: async (name) => {
      await handlerOf(name, specOf(name));
    },
  };
};
