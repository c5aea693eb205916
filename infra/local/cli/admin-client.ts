import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { createSignedFetch } from '../../../adapters/aws-signing/signed-fetch.ts';
import { ADMIN_SIGNING_SERVICE, AdminPaths, type HubNames, HubNamesSchema } from '../admin/protocol.ts';
import { LocalCredentialsSchema, localCredentialsFile } from '../auth/local-credentials.ts';
import type { CliContext } from './context.ts';

/** The signing name the local event bus verifies, as EventBridge's. */
const BUS_SIGNING_SERVICE = 'events';

/** Sends a JSON request signed (SigV4) with the hub's local credentials; throws the answer's message on an error status. */
const signedRequest = async (
  ctx: CliContext,
  target: { readonly base: string; readonly service: string },
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Response> => {
  const credentials = LocalCredentialsSchema.parse(
    JSON.parse(readFileSync(localCredentialsFile(ctx.dataDir), 'utf8')),
  );
  const send = createSignedFetch({ credentials, region: ctx.runtime.region, service: target.service });
  const response = await send(new URL(path, target.base), {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    const answer: unknown = await response.json().catch(() => ({}));
    const message =
      typeof answer === 'object' && answer !== null && 'message' in answer ? String(answer.message) : '';
    throw new Error(message || `the hub answered HTTP ${response.status}`);
  }
  return response;
};

/**
 * Calls the running hub's admin routes, signed (SigV4) with the hub's own local credentials from its data
 * folder: only someone who can read that folder can make the hub sync.
 */
export const adminRequest = (
  ctx: CliContext,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Response> =>
  signedRequest(ctx, { base: ctx.runtime.adminUrl, service: ADMIN_SIGNING_SERVICE }, method, path, body);

/**
 * Calls the local event bus's operator routes (`/_hub360/…`: dead letters, backtest, replay, redrive), signed
 * like the functions' own bus calls; the bus refuses anything else with 403.
 */
export const busAdminRequest = (
  ctx: CliContext,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Response> =>
  signedRequest(ctx, { base: ctx.runtime.busEndpoint, service: BUS_SIGNING_SERVICE }, method, path, body);

/** The connectors, streams, rules and functions the running hub knows (to name them on a typo). */
export const hubNames = async (ctx: CliContext): Promise<HubNames> =>
  HubNamesSchema.parse(await (await adminRequest(ctx, 'GET', AdminPaths.names)).json());

/** Asks the running hub's admin routes and parses the JSON answer with `schema` (the edge's contract). */
export const adminJson = async <S extends z.ZodType>(
  ctx: CliContext,
  schema: S,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<z.output<S>> => schema.parse(await (await adminRequest(ctx, method, path, body)).json());
