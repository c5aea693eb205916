import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import * as z from 'zod';
import { buildConsole } from '../../../console/build.ts';

/** Where the local hub serves the console, on the API's own origin (so no CORS is involved). */
export const CONSOLE_PATH = '/console/';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
};

/** What the console asks the development issuer for: the scopes of a role and who is signing in. */
const DevTokenRequestSchema = z.strictObject({
  scopes: z
    .array(z.string().regex(/^[a-z]+:[a-z]+$/, 'must be an API scope such as customers:read'))
    .min(1)
    .max(10),
  subject: z.string().trim().min(1).max(100),
});

export interface ConsoleSiteOptions {
  /** The built console goes to `<dataDir>/console`. */
  readonly dataDir: string;
  /** Mints a development token (the local dev issuer); stands in for the OIDC provider of a deployment. */
  readonly mintToken: (scopes: string[], subject: string) => Promise<string>;
  /** ERP systems a bare number typed into the search is tried against. */
  readonly erpSystems: readonly string[];
}

export interface ConsoleSite {
  readonly prefix: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

const readJson = async (req: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4096) throw new Error('request body is larger than 4 KB');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
};

const send = (
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  cache = 'no-cache',
) => {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': cache,
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
};

/**
 * Builds the console and serves it under `/console/` of the local gateway: the static files, a runtime
 * `config.json` naming the development sign-in, and the development token endpoint that sign-in uses. Only
 * the local hub has this endpoint; a deployment signs in through its OIDC provider instead.
 */
export const startConsoleSite = async (options: ConsoleSiteOptions): Promise<ConsoleSite> => {
  const dir = join(options.dataDir, 'console');
  await buildConsole(dir);
  // Only files the build wrote are served, so no request path can reach outside the folder.
  const files = new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));
  const config = JSON.stringify({
    apiUrl: '',
    auth: { mode: 'dev', tokenUrl: `${CONSOLE_PATH}dev-token` },
    defaultCountryCallingCode: '49',
    erpSystems: options.erpSystems,
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { pathname } = new URL(req.url ?? '/', 'http://local');
    if (pathname === CONSOLE_PATH.slice(0, -1)) {
      res.writeHead(308, { location: CONSOLE_PATH });
      return void res.end();
    }
    const name = pathname.slice(CONSOLE_PATH.length) || 'index.html';
    if (name === 'dev-token' && req.method === 'POST') {
      try {
        const request = DevTokenRequestSchema.parse(await readJson(req));
        const token = await options.mintToken(request.scopes, request.subject);
        return send(res, 200, 'application/json', JSON.stringify({ token }), 'no-store');
      } catch (err: unknown) {
        const detail =
          err instanceof z.ZodError ? z.prettifyError(err) : err instanceof Error ? err.message : String(err);
        return send(res, 400, 'application/json', JSON.stringify({ message: detail }), 'no-store');
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'text/plain', 'Method Not Allowed');
    if (name === 'config.json') return send(res, 200, 'application/json', config);
    const file = files.get(name);
    if (!file) return send(res, 404, 'text/plain', 'Not Found');
    send(res, 200, CONTENT_TYPES[extname(name)] ?? 'application/octet-stream', file);
  };
  return { prefix: CONSOLE_PATH.slice(0, -1), handle };
};
