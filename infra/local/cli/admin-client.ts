import { readFileSync } from 'node:fs';
import { SignatureV4 } from '@smithy/signature-v4';
import { ADMIN_SIGNING_SERVICE, AdminPaths, type HubNames, HubNamesSchema } from '../admin/protocol.ts';
import { LocalCredentialsSchema, localCredentialsFile } from '../auth/local-credentials.ts';
import { NodeSha256 } from '../eventbus/api/verify-sigv4.ts';
import type { CliContext } from './context.ts';

/**
 * Calls the running hub's admin routes, signed (SigV4) with the hub's own local credentials from its data
 * folder: only someone who can read that folder can make the hub sync.
 */
export const adminRequest = async (
  ctx: CliContext,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Response> => {
  const runtime = ctx.runtime;
  const credentials = LocalCredentialsSchema.parse(
    JSON.parse(readFileSync(localCredentialsFile(ctx.dataDir), 'utf8')),
  );
  const url = new URL(path, runtime.adminUrl);
  const text = body === undefined ? '' : JSON.stringify(body);
  const signer = new SignatureV4({
    credentials,
    region: runtime.region,
    service: ADMIN_SIGNING_SERVICE,
    sha256: NodeSha256,
  });
  const signed = await signer.sign({
    method,
    protocol: 'http:',
    hostname: url.host,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { host: url.host, 'content-type': 'application/json' },
    body: text,
  });
  const response = await fetch(url, {
    method,
    headers: signed.headers,
    ...(method === 'POST' ? { body: text } : {}),
  });
  if (!response.ok) {
    const answer: unknown = await response.json().catch(() => ({}));
    const message =
      typeof answer === 'object' && answer !== null && 'message' in answer ? String(answer.message) : '';
    throw new Error(message || `the hub answered HTTP ${response.status}`);
  }
  return response;
};

/** The connectors, streams, rules and functions the running hub knows (to name them on a typo). */
export const hubNames = async (ctx: CliContext): Promise<HubNames> =>
  HubNamesSchema.parse(await (await adminRequest(ctx, 'GET', AdminPaths.names)).json());
