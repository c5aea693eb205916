import type { z } from 'zod';
import { UnknownRuleTargetError } from '../delivery/dispatcher.ts';
import { InvalidEventPatternError } from '../pattern/index.ts';
import {
  BacktestRequestSchema,
  type BusOperations,
  RedriveRequestSchema,
  ReplayRequestSchema,
} from './bus-operations.ts';
import { parseSince } from './time-range.ts';

/** An admin answer: an HTTP status and a JSON body. */
export interface AdminResponse {
  readonly status: number;
  readonly body: unknown;
}

/** A request the operator got wrong; answered 400 (or 404 for an unknown rule) with the message. */
class AdminRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const parseBody = <S extends z.ZodType>(schema: S, body: unknown, route: string): z.output<S> => {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`,
  );
  throw new AdminRequestError(400, `${route}: ${problems.join('; ')}`);
};

const since = (text: string, now: Date): Date => {
  try {
    return parseSince(text, now);
  } catch (err: unknown) {
    throw new AdminRequestError(400, err instanceof Error ? err.message : String(err));
  }
};

/**
 * The bus's operator routes (POSTed JSON under `/_hub360/`), called by the `hub360` CLI:
 * `rules/backtest`, `rules/replay`, `dead-letters/redrive`.
 */
export const createAdminPostRoutes =
  (operations: BusOperations, now: () => Date) =>
  async (path: string, body: unknown): Promise<AdminResponse | undefined> => {
    try {
      if (path === '/_hub360/rules/backtest') {
        const request = parseBody(BacktestRequestSchema, body, 'backtest');
        return {
          status: 200,
          body: operations.backtest(request.pattern, since(request.since, now()), request.limit),
        };
      }
      if (path === '/_hub360/rules/replay') {
        const request = parseBody(ReplayRequestSchema, body, 'replay');
        const until = request.until === undefined ? undefined : since(request.until, now());
        return { status: 200, body: operations.replay(request.rule, since(request.since, now()), until) };
      }
      if (path === '/_hub360/dead-letters/redrive') {
        const request = parseBody(RedriveRequestSchema, body, 'redrive');
        return { status: 200, body: await operations.redrive(request) };
      }
      return undefined;
    } catch (err: unknown) {
      if (err instanceof AdminRequestError) return { status: err.status, body: { message: err.message } };
      if (err instanceof InvalidEventPatternError) {
        return { status: 400, body: { message: `invalid event pattern: ${err.message}` } };
      }
      if (err instanceof UnknownRuleTargetError) return { status: 404, body: { message: err.message } };
      throw err;
    }
  };

export type AdminPostRoutes = ReturnType<typeof createAdminPostRoutes>;
