import { type AttemptOutcome, delivered, describeError, failed } from './attempt-outcome.ts';
import { evaluateJsonPath, parseJsonPath } from './json-path.ts';
import type { TargetInput } from './target-input.ts';

/** HTTP methods an HTTP target may use; DELETE removes the resource the path parameter names. */
export type HttpTargetMethod = 'POST' | 'PUT' | 'DELETE';

/** An HTTP request to a rule's HTTP target, built without sending it. */
export interface HttpTargetRequest {
  readonly url: string;
  readonly method: HttpTargetMethod;
  readonly headers: Readonly<Record<string, string>>;
  /** Absent for DELETE. */
  readonly body?: string;
}

/** What an HTTP target takes from the event itself: a path segment and headers (API destination parameters). */
export interface EventParameterPaths {
  readonly pathParameterPath?: string | undefined;
  readonly headerPaths?: Readonly<Record<string, string>> | undefined;
}

const valueAt = (pathText: string, event: unknown): string | undefined => {
  const path = parseJsonPath(pathText);
  if (typeof path === 'string') return undefined;
  const value = evaluateJsonPath(path, event);
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
};

/**
 * The path segment and headers an HTTP target takes from the event, or the problem when the event
 * lacks one (EventBridge cannot deliver such an event either; retrying does not help).
 */
export const resolveEventParameters = (
  target: EventParameterPaths,
  event: unknown,
): { readonly pathSegment?: string; readonly headers: Record<string, string> } | string => {
  const headers: Record<string, string> = {};
  for (const [name, pathText] of Object.entries(target.headerPaths ?? {})) {
    const value = valueAt(pathText, event);
    if (value === undefined) return `header ${name}: the event has no value at ${pathText}`;
    headers[name.toLowerCase()] = value;
  }
  if (target.pathParameterPath === undefined) return { headers };
  const segment = valueAt(target.pathParameterPath, event);
  if (segment === undefined || segment === '') {
    return `path parameter: the event has no value at ${target.pathParameterPath}`;
  }
  return { pathSegment: segment, headers };
};

/** The header an API destination's connection adds, or why the connection's credentials are unavailable. */
export type ConnectionHeader =
  | { readonly name: string; readonly value: string }
  | { readonly problem: string };

/** Builds the request for an HTTP target, or a reason it cannot be sent. */
export const buildHttpTargetRequest = (
  target: {
    readonly urlSetting: string;
    readonly method: HttpTargetMethod;
    readonly connectionSecret?: string | undefined;
  } & EventParameterPaths,
  input: TargetInput,
  resolveSetting: (name: string) => string | undefined,
  resolveConnection?: (secretName: string) => ConnectionHeader,
  /** The matched event, for path and header parameters. */
  event?: unknown,
): HttpTargetRequest | string => {
  let auth: Record<string, string> = {};
  if (target.connectionSecret && resolveConnection) {
    const header = resolveConnection(target.connectionSecret);
    if ('problem' in header) return header.problem;
    auth = { [header.name.toLowerCase()]: header.value };
  }
  const url = resolveSetting(target.urlSetting);
  if (!url) return `setting ${target.urlSetting} (the target's URL) is not set`;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    return `setting ${target.urlSetting} is not an http(s) URL: ${url}`;
  }
  const parameters = resolveEventParameters(target, event);
  if (typeof parameters === 'string') return parameters;
  // As an API destination's `*`: the event's value becomes the last path segment, encoded.
  const targetUrl =
    parameters.pathSegment === undefined
      ? url
      : `${url.replace(/\/+$/, '')}/${encodeURIComponent(parameters.pathSegment)}`;
  const headers = { ...parameters.headers, ...auth };
  if (target.method === 'DELETE') return { url: targetUrl, method: 'DELETE', headers };
  return {
    url: targetUrl,
    method: target.method,
    headers: {
      'content-type': input.isJson ? 'application/json' : 'text/plain; charset=utf-8',
      ...headers,
    },
    body: input.text,
  };
};

/** Statuses EventBridge API destinations retry; every other non-2xx status is final. */
const RETRYABLE_STATUSES = new Set([401, 407, 409, 429]);

export const isRetryableStatus = (status: number): boolean => status >= 500 || RETRYABLE_STATUSES.has(status);

/** Sends the request; 2xx is delivered, network errors and timeouts (`timeout` aborting) are worth retrying. */
export const sendHttpTargetRequest = async (
  request: HttpTargetRequest,
  fetchImpl: typeof fetch,
  timeout: AbortSignal,
): Promise<AttemptOutcome> => {
  try {
    const response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: timeout,
    });
    // Read the body so the connection is released back to the pool.
    await response.arrayBuffer();
    if (response.ok) return delivered;
    return failed(`HTTP ${response.status} from ${request.url}`, isRetryableStatus(response.status));
  } catch (err: unknown) {
    return failed(`${request.method} ${request.url} failed: ${describeError(err)}`, true);
  }
};
