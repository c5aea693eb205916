import { type AttemptOutcome, delivered, describeError, failed } from './attempt-outcome.ts';
import type { TargetInput } from './target-input.ts';

/** An HTTP request to a rule's HTTP target, built without sending it. */
export interface HttpTargetRequest {
  readonly url: string;
  readonly method: 'POST' | 'PUT';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The header an API destination's connection adds, or why the connection's credentials are unavailable. */
export type ConnectionHeader =
  | { readonly name: string; readonly value: string }
  | { readonly problem: string };

/** Builds the request for an HTTP target, or a reason it cannot be sent. */
export const buildHttpTargetRequest = (
  target: {
    readonly urlSetting: string;
    readonly method: 'POST' | 'PUT';
    readonly connectionSecret?: string | undefined;
  },
  input: TargetInput,
  resolveSetting: (name: string) => string | undefined,
  resolveConnection?: (secretName: string) => ConnectionHeader,
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
  return {
    url,
    method: target.method,
    headers: { 'content-type': input.isJson ? 'application/json' : 'text/plain; charset=utf-8', ...auth },
    body: input.text,
  };
};

/** Statuses EventBridge API destinations retry; every other non-2xx status is final. */
const RETRYABLE_STATUSES = new Set([401, 407, 409, 429]);

export const isRetryableStatus = (status: number): boolean => status >= 500 || RETRYABLE_STATUSES.has(status);

/** Sends the request; 2xx is delivered, network errors and timeouts are worth retrying. */
export const sendHttpTargetRequest = async (
  request: HttpTargetRequest,
  fetchImpl: typeof fetch,
  timeoutMs: number,
): Promise<AttemptOutcome> => {
  try {
    const response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Read the body so the connection is released back to the pool.
    await response.arrayBuffer();
    if (response.ok) return delivered;
    return failed(`HTTP ${response.status} from ${request.url}`, isRetryableStatus(response.status));
  } catch (err: unknown) {
    return failed(`${request.method} ${request.url} failed: ${describeError(err)}`, true);
  }
};
