import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BasicCredentials, ClientCredentials } from '../../../sandbox/endpoints.ts';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../../sandbox/index.ts';

/** The instant every sandbox test world is built at. */
export const TEST_NOW = new Date('2026-03-01T12:00:00Z');

/** A small sandbox on free ports with a temp landing folder; `close()` stops it and removes the folder. */
export const startTestSandbox = async (
  options: Partial<SandboxOptions> = {},
): Promise<{ sandbox: Sandbox; landingDir: string; close(): Promise<void> }> => {
  const landingDir = await mkdtemp(join(tmpdir(), 'hub360-sandbox-'));
  const sandbox = await startSandbox({ scale: 'small', clock: () => TEST_NOW, ...options, landingDir });
  return {
    sandbox,
    landingDir,
    close: async () => {
      await sandbox.stop();
      await rm(landingDir, { recursive: true, force: true });
    },
  };
};

export const basicHeader = (credentials: BasicCredentials): string =>
  `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;

/** Runs the OAuth2 client-credentials grant against the sandbox token endpoint. */
export const fetchToken = async (credentials: ClientCredentials): Promise<string> => {
  const response = await fetch(credentials.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      scope: credentials.scope,
    }),
  });
  const body: unknown = await response.json();
  if (response.status !== 200 || typeof body !== 'object' || body === null || !('access_token' in body)) {
    throw new Error(`token request failed with ${response.status}`);
  }
  return String(body.access_token);
};

export type JsonObject = Record<string, unknown>;

/** GETs JSON and returns status, headers and parsed body. */
export const getJson = async (
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Headers; body: JsonObject }> => {
  const response = await fetch(url, { headers });
  const text = await response.text();
  const body: unknown = text === '' ? {} : JSON.parse(text);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new Error(`not a JSON object: ${text}`);
  return { status: response.status, headers: response.headers, body: body as JsonObject };
};

/** Follows OData v2 `__next` links to the end; returns every record and the number of pages. */
export const readAllV2 = async (
  url: string,
  headers: Record<string, string>,
): Promise<{ records: JsonObject[]; pages: number }> => {
  const records: JsonObject[] = [];
  let next: string | undefined = url;
  let pages = 0;
  while (next) {
    const { status, body } = await getJson(next, headers);
    if (status !== 200) throw new Error(`page ${pages + 1} answered ${status}: ${JSON.stringify(body)}`);
    const d = body.d as { results: JsonObject[]; __next?: string };
    records.push(...d.results);
    next = d.__next;
    pages += 1;
  }
  return { records, pages };
};

/** Follows OData v4 `@odata.nextLink` links; returns records, pages and the final delta link. */
export const readAllV4 = async (
  url: string,
  headers: Record<string, string>,
): Promise<{ records: JsonObject[]; pages: number; deltaLink?: string }> => {
  const records: JsonObject[] = [];
  let next: string | undefined = url;
  let pages = 0;
  let deltaLink: string | undefined;
  while (next) {
    const { status, body } = await getJson(next, headers);
    if (status !== 200) throw new Error(`page ${pages + 1} answered ${status}: ${JSON.stringify(body)}`);
    records.push(...(body.value as JsonObject[]));
    next = body['@odata.nextLink'] as string | undefined;
    deltaLink = body['@odata.deltaLink'] as string | undefined;
    pages += 1;
  }
  return { records, pages, ...(deltaLink ? { deltaLink } : {}) };
};
