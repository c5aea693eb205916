import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { CorsConfigSchema } from '../../../infra/local/gateway/cors.ts';
import {
  type GatewayAuthorizer,
  type RunningHttpGateway,
  startHttpGateway,
} from '../../../infra/local/gateway/http-gateway.ts';
import { PortInUseError } from '../../../infra/local/ports.ts';
import type { RouteSpec } from '../../../infra/topology/schema.ts';

const routes: RouteSpec[] = [
  { method: 'GET', path: '/customers/{id}', function: 'read', scopes: ['customers:read'] },
  { method: 'GET', path: '/customers/search', function: 'search', scopes: [] },
  { method: 'POST', path: '/echo', function: 'echo', scopes: [] },
  { method: 'GET', path: '/files/{path+}', function: 'files', scopes: [] },
  { method: 'GET', path: '/boom', function: 'boom', scopes: [] },
];

const authorizer: GatewayAuthorizer = {
  authorize: async (header, scopes) => {
    if (header !== 'Bearer good' && header !== 'Bearer narrow') return { ok: false, status: 401 };
    const granted = header === 'Bearer good' ? ['customers:read'] : ['other'];
    if (!scopes.some((s) => granted.includes(s))) return { ok: false, status: 403 };
    return { ok: true, claims: { sub: 'u1' }, scopes: granted };
  },
};

describe('local HTTP gateway', () => {
  let gateway: RunningHttpGateway | undefined;
  const seen: Array<{ fn: string; event: APIGatewayProxyEventV2WithJWTAuthorizer }> = [];
  afterEach(async () => {
    await gateway?.stop();
    seen.length = 0;
  });

  const start = async (extra: Partial<Parameters<typeof startHttpGateway>[0]> = {}) => {
    gateway = await startHttpGateway({
      routes,
      authorizer,
      invoke: async (fn, event) => {
        seen.push({ fn, event: event as APIGatewayProxyEventV2WithJWTAuthorizer });
        if (fn === 'boom') throw new Error('handler failed');
        if (fn === 'echo') return { statusCode: 201, headers: { 'X-Custom': 'yes' }, body: 'created' };
        return { id: 'from-handler' };
      },
      ...extra,
    });
    return gateway.url;
  };

  it('builds a payload format 2.0 event with path parameters, query and JWT claims', async () => {
    const url = await start();

    const res = await fetch(`${url}/customers/C%2342?a=1&a=2&b=x`, {
      headers: { authorization: 'Bearer good' },
    });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'from-handler' });
    const event = seen[0]?.event;
    expect(seen[0]?.fn).toBe('read');
    expect(event?.version).toBe('2.0');
    expect(event?.routeKey).toBe('GET /customers/{id}');
    expect(event?.pathParameters).toEqual({ id: 'C#42' });
    expect(event?.queryStringParameters).toEqual({ a: '1,2', b: 'x' });
    expect(event?.rawQueryString).toBe('a=1&a=2&b=x');
    expect(event?.requestContext.authorizer.jwt).toEqual({
      claims: { sub: 'u1' },
      scopes: ['customers:read'],
    });
  });

  it('prefers the literal route over the parameterised one and supports greedy parameters', async () => {
    const url = await start();

    await fetch(`${url}/customers/search`);
    await fetch(`${url}/files/a/b/c.txt`);

    expect(seen.map((s) => s.fn)).toEqual(['search', 'files']);
    expect(seen[1]?.event.pathParameters).toEqual({ path: 'a/b/c.txt' });
  });

  it('answers 401 without a valid token and 403 with a token lacking the scope, without invoking', async () => {
    const url = await start();

    const none = await fetch(`${url}/customers/1`);
    const bad = await fetch(`${url}/customers/1`, { headers: { authorization: 'Bearer forged' } });
    const narrow = await fetch(`${url}/customers/1`, { headers: { authorization: 'Bearer narrow' } });

    expect([none.status, bad.status, narrow.status]).toEqual([401, 401, 403]);
    expect(await narrow.json()).toEqual({ message: 'Forbidden' });
    expect(seen).toHaveLength(0);
  });

  it('requires the prefixed scopes when a scope prefix is set, as the AWS stage with the same prefix does', async () => {
    const url = await start({ scopePrefix: 'hub360/' });

    // 'Bearer good' holds the bare customers:read, which a Cognito-style deployment does not accept.
    const bare = await fetch(`${url}/customers/1`, { headers: { authorization: 'Bearer good' } });

    expect(bare.status).toBe(403);
    expect(seen).toHaveLength(0);
  });

  it('passes the body, maps structured results and answers 404 for unknown routes or methods', async () => {
    const url = await start();

    const created = await fetch(`${url}/echo`, {
      method: 'POST',
      body: '{"x":1}',
      headers: { 'content-type': 'application/json' },
    });
    const unknown = await fetch(`${url}/nope`);
    const wrongMethod = await fetch(`${url}/echo`);

    expect(created.status).toBe(201);
    expect(created.headers.get('x-custom')).toBe('yes');
    expect(await created.text()).toBe('created');
    expect(seen[0]?.event.body).toBe('{"x":1}');
    expect(seen[0]?.event.isBase64Encoded).toBe(false);
    expect([unknown.status, wrongMethod.status]).toEqual([404, 404]);
  });

  it('hides handler errors behind a 500 and reports them', async () => {
    const errors: unknown[] = [];
    const url = await start({ onError: (err) => errors.push(err) });

    const res = await fetch(`${url}/boom`);

    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: 'Internal Server Error' });
    expect(errors).toHaveLength(1);
  });

  it('answers CORS preflights for allowed origins only', async () => {
    const url = await start({ cors: CorsConfigSchema.parse({ allowOrigins: ['https://desk.example.com'] }) });

    const allowed = await fetch(`${url}/customers/1`, {
      method: 'OPTIONS',
      headers: { origin: 'https://desk.example.com', 'access-control-request-method': 'GET' },
    });
    const other = await fetch(`${url}/customers/1`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'GET' },
    });

    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://desk.example.com');
    expect(other.status).toBe(404);
  });

  it('names the port and the setting when the port is taken', async () => {
    const url = await start();
    const port = Number(new URL(url).port);

    await expect(startHttpGateway({ routes, invoke: async () => ({}), port })).rejects.toThrow(
      PortInUseError,
    );
    await expect(startHttpGateway({ routes, invoke: async () => ({}), port })).rejects.toThrow(
      /HUB360_API_PORT/,
    );
  });
});
