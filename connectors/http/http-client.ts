import type { Clock } from '../../core/ports/clock.ts';
import { backoffDelayMs, type RetryPolicy } from '../../core/retry/retry-policy.ts';
import type { Authorizer } from './auth.ts';
import type { RequestBudget } from './rate-budget.ts';
import { isRetryableStatus, parseRetryAfter } from './retry-policy.ts';
import {
  HttpNetworkError,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  redactUrl,
} from './transport.ts';

/** The source answered with a status that is not success and not worth (or out of) retries. */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  constructor(
    readonly status: number,
    readonly url: string,
    readonly bodyExcerpt: string,
  ) {
    super(`GET ${redactUrl(url)} answered ${status}: ${bodyExcerpt}`);
  }
}

/** The source answered 2xx with a body that is not JSON (truncated, an HTML error page...). */
export class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponseError';
}

/** Counters a sync reports: every request sent (token requests included) and every retry. */
export interface HttpStats {
  requests: number;
  retries: number;
}

/** Why a request is retried, for the run's log. */
export interface RetryNotice {
  readonly url: string;
  readonly attempt: number;
  readonly reason: string;
  readonly delayMs: number;
}

export interface HttpClientOptions {
  readonly transport: HttpTransport;
  readonly clock: Clock;
  readonly budget: RequestBudget;
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  /** Supplies auth headers; set after construction because OAuth's token request uses this client. */
  authorizer?: Authorizer;
  readonly onRetry?: (notice: RetryNotice) => void;
  readonly random?: () => number;
}

/** A JSON response: the parsed body and the (lower-case) headers, e.g. for `Link` paging. */
export interface JsonResponse {
  readonly json: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

type Attempt<T> =
  | { ok: true; value: T }
  | { ok: false; error: Error; retryAfterMs?: number; retryable: boolean };

/** An HTTP client for sources: every request waits for the rate budget, is retried with backoff, and is authorised. */
export class SourceHttpClient {
  readonly stats: HttpStats = { requests: 0, retries: 0 };
  constructor(private readonly options: HttpClientOptions) {}

  /** Sets the authorizer (done once, while wiring a connector). */
  useAuthorizer(authorizer: Authorizer): void {
    this.options.authorizer = authorizer;
  }

  /** Sends a request without auth (token endpoints) under the same budget and retry policy. */
  send(request: HttpRequest): Promise<HttpResponse> {
    return this.withRetries(request.url, request.signal, async () => {
      const response = await this.sendOnce(request);
      return this.classifyStatus(response, request.url, (r) => r, true);
    });
  }

  /** GETs a JSON document, retrying throttling, server errors, network errors and malformed JSON. */
  getJson(url: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<JsonResponse> {
    let reauthorised = false;
    return this.withRetries(url, signal, async () => {
      const auth = (await this.options.authorizer?.headers(signal)) ?? {};
      const request: HttpRequest = {
        method: 'GET',
        url,
        headers: { accept: 'application/json', ...headers, ...auth },
        timeoutMs: this.options.timeoutMs,
        ...(signal ? { signal } : {}),
      };
      const response = await this.sendOnce(request);
      if (
        !(response instanceof Error) &&
        response.status === 401 &&
        !reauthorised &&
        this.options.authorizer
      ) {
        // An expired or revoked token: fetch a fresh one once before giving up.
        reauthorised = true;
        this.options.authorizer.invalidate();
        return {
          ok: false,
          error: new HttpStatusError(401, url, 'unauthorised'),
          retryable: true,
          retryAfterMs: 0,
        };
      }
      return this.classifyStatus(response, url, parseJsonResponse, false);
    });
  }

  private async sendOnce(request: HttpRequest): Promise<HttpResponse | Error> {
    await this.options.budget.take(request.signal);
    // A run killed while waiting for the budget must not send one more request.
    request.signal?.throwIfAborted();
    this.stats.requests += 1;
    try {
      return await this.options.transport(request);
    } catch (err: unknown) {
      if (err instanceof HttpNetworkError) return err;
      throw err;
    }
  }

  private classifyStatus<T>(
    response: HttpResponse | Error,
    url: string,
    parse: (response: HttpResponse) => T,
    passClientErrors: boolean,
  ): Attempt<T> {
    if (response instanceof Error) return { ok: false, error: response, retryable: true };
    if (response.status >= 200 && response.status <= 299) {
      try {
        return { ok: true, value: parse(response) };
      } catch (err: unknown) {
        if (err instanceof MalformedResponseError) return { ok: false, error: err, retryable: true };
        throw err;
      }
    }
    if (passClientErrors && !isRetryableStatus(response.status)) return { ok: true, value: parse(response) };
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], this.options.clock.now());
    return {
      ok: false,
      error: new HttpStatusError(response.status, url, response.body.slice(0, 200)),
      retryable: isRetryableStatus(response.status),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }

  private async withRetries<T>(
    url: string,
    signal: AbortSignal | undefined,
    attempt: () => Promise<Attempt<T>>,
  ): Promise<T> {
    const { retry, clock } = this.options;
    for (let n = 1; ; n += 1) {
      const result = await attempt();
      if (result.ok) return result.value;
      if (!result.retryable || n >= retry.maxAttempts) throw result.error;
      const delayMs =
        result.retryAfterMs === 0 ? 0 : backoffDelayMs(retry, n, this.options.random, result.retryAfterMs);
      this.stats.retries += 1;
      this.options.onRetry?.({ url: redactUrl(url), attempt: n, reason: result.error.message, delayMs });
      await clock.sleep(delayMs, signal);
    }
  }
}

const parseJsonResponse = (response: HttpResponse): JsonResponse => {
  try {
    return { json: JSON.parse(response.body), headers: response.headers };
  } catch {
    throw new MalformedResponseError(`response is not valid JSON: ${response.body.slice(0, 80)}`);
  }
};
