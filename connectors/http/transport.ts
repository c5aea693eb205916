/** One HTTP request as the connectors build it: a plain value, sent by a {@link HttpTransport}. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** The parts of a response the connectors use; header names are lower-case. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Sends a request; rejects only when no response arrived (network error, timeout, abort). */
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

/** The request failed before a status line arrived: connection refused or reset, DNS, timeout. */
export class HttpNetworkError extends Error {
  override readonly name = 'HttpNetworkError';
}

/** The default transport: Node's `fetch`, with a per-request timeout. */
export const fetchTransport: HttpTransport = async (request) => {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return { status: response.status, headers, body: await response.text() };
  } catch (err: unknown) {
    // A caller's own abort is not a network fault: let it through unchanged so nothing retries it.
    if (request.signal?.aborted) throw request.signal.reason;
    const reason = timeout.aborted ? `timed out after ${request.timeoutMs} ms` : describeCause(err);
    throw new HttpNetworkError(`${request.method} ${redactUrl(request.url)}: ${reason}`, { cause: err });
  }
};

const describeCause = (err: unknown): string => {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.message}${cause}`;
};

/** Drops the query string from a URL for messages, so filters and tokens never end up in logs. */
export const redactUrl = (url: string): string => {
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?…`;
};
