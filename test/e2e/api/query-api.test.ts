import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import { localApiSecretEnvironment } from '../../../infra/local/auth/api-secrets.ts';
import { createDevIssuer } from '../../../infra/local/auth/dev-issuer.ts';
import { main as cli } from '../../../infra/local/cli/program.ts';
import { type LocalHub, startLocalHub } from '../../../infra/local/runtime.ts';
import { LocalSettingsSchema } from '../../../infra/local/settings.ts';
import { localAwsIdentity } from '../../../infra/local/store/dynamodb-local.ts';
import { loadTopology } from '../../../infra/topology/index.ts';
import { apiPart } from '../../../infra/topology/parts/api.ts';
import { ConnectorListSchema, QuarantinePageSchema } from '../../../schemas/api/connectors.ts';
import { Customer360ResponseSchema } from '../../../schemas/api/customer-360.ts';
import { CustomerLookupResponseSchema } from '../../../schemas/api/customer-lookup.ts';
import { IdentityGraphSchema, UnmergeResponseSchema } from '../../../schemas/api/identity.ts';
import { CustomerExportSchema, ErasureResultSchema } from '../../../schemas/api/privacy.ts';
import { ProblemSchema } from '../../../schemas/api/problem.ts';
import { TimelinePageSchema } from '../../../schemas/api/timeline.ts';
import { OPENAPI_FILE } from '../../../scripts/generate-openapi.ts';
import { seedConnectors, seedCustomers } from './seed.ts';

const ORIGIN = 'https://desk.example.com';

describe('query API through the local gateway', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub360-api-e2e-'));
  let hub: LocalHub;
  let dynamo: DynamoDBClient;
  let ids: { anna: string; carl: string };
  const tokens: Record<'read' | 'write' | 'privacy' | 'connectors', string> = {
    read: '',
    write: '',
    privacy: '',
    connectors: '',
  };

  const call = (
    path: string,
    init: { token?: string; method?: string; headers?: Record<string, string>; body?: unknown } = {},
  ) =>
    fetch(`${hub.info.apiUrl}${path}`, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      ...(init.body === undefined
        ? {}
        : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
    });

  const problemOf = async (response: Response) => {
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    return ProblemSchema.parse(await response.json());
  };

  beforeAll(async () => {
    hub = await startLocalHub({
      settings: LocalSettingsSchema.parse({
        dataDir,
        apiPort: 0,
        busPort: 0,
        storePort: 0,
        sandbox: false,
        logLevel: 'SILENT',
        corsOrigins: ORIGIN,
      }),
      topology: loadTopology([apiPart]),
      environment: await localApiSecretEnvironment(dataDir),
    });
    dynamo = new DynamoDBClient({ endpoint: hub.info.storeEndpoint, ...localAwsIdentity });
    const documentClient = DynamoDBDocumentClient.from(dynamo, {
      marshallOptions: { removeUndefinedValues: true },
    });
    ids = await seedCustomers(
      createCustomerStore({ tableName: hub.info.tableName, documentClient, baseDelayMs: 1 }),
    );
    await seedConnectors(documentClient, hub.info.tableName);
    tokens.read = await hub.mintToken(['customers:read']);
    tokens.write = await hub.mintToken(['customers:read', 'customers:write'], 'agent-7');
    tokens.privacy = await hub.mintToken(['privacy:erase'], 'dpo');
    tokens.connectors = await hub.mintToken(['connectors:read']);
  });
  afterAll(async () => {
    await hub?.stop();
    dynamo?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('authorization', () => {
    it('answers 401 without a token and 403 with a token lacking the scope', async () => {
      const none = await call(`/customers/${ids.anna}`);
      const wrongScope = await call(`/customers/${ids.anna}`, { token: tokens.connectors });

      expect([none.status, wrongScope.status]).toEqual([401, 403]);
    });

    it('answers 401 for a tampered token', async () => {
      const [header, payload, signature] = tokens.read.split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
      const widened = base64url.encode(JSON.stringify({ ...claims, scope: 'customers:read privacy:erase' }));

      const response = await call(`/customers/${ids.carl}/export`, {
        token: `${header}.${widened}.${signature}`,
      });

      expect(response.status).toBe(401);
    });

    it('answers 401 for an expired token', async () => {
      const past = await createDevIssuer({ dataDir, now: () => new Date(Date.now() - 3 * 3600_000) });
      const expired = await past.mintToken({ scopes: ['customers:read'], expiresInSeconds: 60 });

      const response = await call(`/customers/${ids.anna}`, { token: expired });

      expect(response.status).toBe(401);
    });

    it('serves the OpenAPI document without a token, equal to the committed file', async () => {
      const response = await call('/openapi.json');

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')));
    });
  });

  describe('GET /customers/{id}', () => {
    it('returns the 360 view with overdue invoices and late shipments first, and an ETag', async () => {
      const response = await call(`/customers/${ids.anna}`, {
        token: tokens.read,
        headers: { origin: ORIGIN },
      });

      expect(response.status).toBe(200);
      const view = Customer360ResponseSchema.parse(await response.json());
      expect(view.customerId).toBe(ids.anna);
      expect(view.profile.name?.value).toBe('Anna Berger');
      expect(view.recentOrders.map((o) => o.orderNumber)).toEqual(['SO-3', 'SO-2', 'SO-1']);
      expect(view.invoices.map((i) => [i.invoiceNumber, i.overdue])).toEqual([
        ['INV-2', true],
        ['INV-1', false],
      ]);
      expect(view.openShipments).toMatchObject([{ shipmentNumber: 'SH-1', late: true }]);
      expect(view.webActivity.productInterest).toMatchObject([{ partNumber: 'P-100', views: 1 }]);
      expect(view.insights).toMatchObject({ lifecycleStage: null, keyCustomer: null });
      expect(response.headers.get('etag')).toMatch(/^"[\w-]+"$/);
      expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    });

    it('answers 304 with no body when If-None-Match holds the current ETag', async () => {
      const first = await call(`/customers/${ids.anna}`, { token: tokens.read });
      const etag = first.headers.get('etag') ?? '';

      const revalidated = await call(`/customers/${ids.anna}`, {
        token: tokens.read,
        headers: { 'if-none-match': etag },
      });
      const stale = await call(`/customers/${ids.anna}`, {
        token: tokens.read,
        headers: { 'if-none-match': '"something-else"' },
      });

      expect(revalidated.status).toBe(304);
      expect(revalidated.headers.get('etag')).toBe(etag);
      expect(await revalidated.text()).toBe('');
      expect(stale.status).toBe(200);
    });

    it('answers 400 for a malformed id and 404 for an unknown one, as problem+json', async () => {
      const malformed = await call('/customers/bad%20id', { token: tokens.read });
      const unknown = await call('/customers/cus_doesnotexist', { token: tokens.read });

      expect(malformed.status).toBe(400);
      expect(await problemOf(malformed)).toMatchObject({ errors: [{ in: 'path', field: 'id' }] });
      expect(unknown.status).toBe(404);
      expect(await problemOf(unknown)).toMatchObject({ type: 'urn:hub360:problem:customer-not-found' });
    });
  });

  describe('GET /customers?identifier=', () => {
    it('finds the customer by e-mail (normalised) and by ERP number', async () => {
      const byEmail = await call('/customers?identifier=email:ANNA%40Example.com', { token: tokens.read });
      const byErp = await call('/customers?identifier=erp:sap-s4:0000001000', { token: tokens.read });

      expect(byEmail.status).toBe(200);
      expect(CustomerLookupResponseSchema.parse(await byEmail.json())).toMatchObject({
        customerId: ids.anna,
        href: `/customers/${ids.anna}`,
      });
      expect(CustomerLookupResponseSchema.parse(await byErp.json()).customerId).toBe(ids.anna);
    });

    it('answers 400 for a missing or malformed identifier and 404 for an unknown one', async () => {
      const missing = await call('/customers', { token: tokens.read });
      const malformed = await call('/customers?identifier=fax:123', { token: tokens.read });
      const unknown = await call('/customers?identifier=email:nobody%40example.com', { token: tokens.read });

      expect([missing.status, malformed.status, unknown.status]).toEqual([400, 400, 404]);
      expect(await problemOf(malformed)).toMatchObject({ errors: [{ in: 'query', field: 'identifier' }] });
    });
  });

  describe('GET /customers/{id}/timeline', () => {
    it('pages through everything newest first, with opaque cursors', async () => {
      const seen: string[] = [];
      const pages: number[] = [];
      let path = `/customers/${ids.anna}/timeline?limit=2`;
      for (let i = 0; i < 20; i++) {
        const response = await call(path, { token: tokens.read });
        expect(response.status).toBe(200);
        const page = TimelinePageSchema.parse(await response.json());
        pages.push(page.items.length);
        seen.push(...page.items.map((e) => e.at));
        if (!page.nextCursor) break;
        path = `/customers/${ids.anna}/timeline?limit=2&cursor=${encodeURIComponent(page.nextCursor)}`;
      }

      expect(pages.length).toBeGreaterThan(2);
      expect(pages.slice(0, -1).every((n) => n === 2)).toBe(true);
      expect(seen).toEqual([...seen].sort().reverse());
      expect(seen.length).toBeGreaterThanOrEqual(6);
    });

    it('rejects a tampered cursor, a cursor of another customer and a bad limit with 400', async () => {
      const first = TimelinePageSchema.parse(
        await (await call(`/customers/${ids.anna}/timeline?limit=1`, { token: tokens.read })).json(),
      );
      const cursor = first.nextCursor ?? '';
      const tampered = `${cursor.slice(0, -3)}${cursor.endsWith('A') ? 'B' : 'A'}xy`;

      const responses = await Promise.all([
        call(`/customers/${ids.anna}/timeline?cursor=${encodeURIComponent(tampered)}`, {
          token: tokens.read,
        }),
        call(`/customers/${ids.carl}/timeline?cursor=${encodeURIComponent(cursor)}`, { token: tokens.read }),
        call(`/customers/${ids.anna}/timeline?limit=0`, { token: tokens.read }),
      ]);

      expect(responses.map((r) => r.status)).toEqual([400, 400, 400]);
      expect(await problemOf(responses[0] as Response)).toMatchObject({
        errors: [{ in: 'query', field: 'cursor' }],
      });
    });
  });

  describe('merged customers and identity', () => {
    const mergedAway = async () => {
      const graph = IdentityGraphSchema.parse(
        await (await call(`/customers/${ids.anna}/identity`, { token: tokens.read })).json(),
      );
      const merge = graph.ledger.find((e) => e.kind === 'merge');
      if (!merge) throw new Error('expected a merge in the ledger');
      return merge;
    };

    it('explains the merge with its evidence', async () => {
      const merge = await mergedAway();

      expect(merge).toMatchObject({
        survivorId: ids.anna,
        evidence: { identifier: { type: 'email', value: 'anna@example.com' } },
      });
    });

    it('points a merged-away id to the survivor with 307 and Location, on every read', async () => {
      const { mergedId } = await mergedAway();

      const view = await call(`/customers/${mergedId}`, { token: tokens.read });
      const timeline = await call(`/customers/${mergedId}/timeline?limit=5`, { token: tokens.read });

      expect(view.status).toBe(307);
      expect(view.headers.get('location')).toBe(`/customers/${ids.anna}`);
      expect(await problemOf(view)).toMatchObject({ survivorId: ids.anna, status: 307 });
      expect(timeline.status).toBe(307);
      expect(timeline.headers.get('location')).toBe(`/customers/${ids.anna}/timeline?limit=5`);
      const followed = await call(view.headers.get('location') ?? '', { token: tokens.read });
      expect(followed.status).toBe(200);
    });

    it('needs the write scope to unmerge and validates the body', async () => {
      const { entryId } = await mergedAway();

      const readOnly = await call(`/customers/${ids.anna}/unmerge`, {
        method: 'POST',
        token: tokens.read,
        body: { entryId, reason: 'different people' },
      });
      const invalid = await call(`/customers/${ids.anna}/unmerge`, {
        method: 'POST',
        token: tokens.write,
        body: { reason: '' },
      });
      const garbled = await call(`/customers/${ids.anna}/unmerge`, {
        method: 'POST',
        token: tokens.write,
        body: '{"entryId":',
      });

      expect([readOnly.status, invalid.status, garbled.status]).toEqual([403, 400, 400]);
      expect((await problemOf(invalid)).errors?.map((e) => e.field).sort()).toEqual(['entryId', 'reason']);
    });

    it('undoes the merge, after which the merged-away id answers for itself again', async () => {
      const { entryId, mergedId } = await mergedAway();

      const response = await call(`/customers/${ids.anna}/unmerge`, {
        method: 'POST',
        token: tokens.write,
        body: { entryId, reason: 'two different Anna Bergers' },
      });
      const again = await call(`/customers/${ids.anna}/unmerge`, {
        method: 'POST',
        token: tokens.write,
        body: { entryId, reason: 'two different Anna Bergers' },
      });

      expect(response.status).toBe(200);
      expect(UnmergeResponseSchema.parse(await response.json()).customerIds).toEqual(
        expect.arrayContaining([ids.anna, mergedId]),
      );
      expect(again.status).toBe(409);
      expect((await call(`/customers/${mergedId}`, { token: tokens.read })).status).toBe(200);
    });
  });

  describe('privacy', () => {
    it('exports every record and the identity history of a customer, with the privacy scope only', async () => {
      const denied = await call(`/customers/${ids.anna}/export`, { token: tokens.write });
      const response = await call(`/customers/${ids.anna}/export`, { token: tokens.privacy });

      expect(denied.status).toBe(403);
      expect(response.status).toBe(200);
      const exported = CustomerExportSchema.parse(await response.json());
      const keys = (items: readonly { source: { key: string } }[]) => items.map((i) => i.source.key).sort();
      // Every record seeded for Anna's SAP customer, of every kind, and the identity history behind her.
      expect(exported.customerId).toBe(ids.anna);
      expect(exported.view.customerSources.map((s) => s.key)).toContain('1000');
      expect(keys(exported.view.orders)).toEqual(['SO-1', 'SO-2', 'SO-3']);
      expect(keys(exported.view.invoices)).toEqual(['INV-1', 'INV-2']);
      expect(keys(exported.view.shipments)).toEqual(['SH-1']);
      expect(keys(exported.view.webActivity)).toEqual(['W-1']);
      expect(exported.view.identifiers).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'erp', value: 'sap-s4:1000' }),
          expect.objectContaining({ type: 'email', value: 'anna@example.com' }),
        ]),
      );
      expect(exported.ledger.length).toBeGreaterThan(0); // the merge (and its undoing) with their evidence
      expect(response.headers.get('cache-control')).toBe('no-store');
    });

    it('requires a reason to erase, erases, and then answers 410', async () => {
      const withoutReason = await call(`/customers/${ids.carl}`, { method: 'DELETE', token: tokens.privacy });
      const erased = await call(`/customers/${ids.carl}?reason=GDPR-2026-17`, {
        method: 'DELETE',
        token: tokens.privacy,
      });
      const after = await call(`/customers/${ids.carl}`, { token: tokens.read });
      const unknown = await call('/customers/cus_doesnotexist?reason=GDPR-1', {
        method: 'DELETE',
        token: tokens.privacy,
      });

      expect(withoutReason.status).toBe(400);
      expect(erased.status).toBe(200);
      expect(ErasureResultSchema.parse(await erased.json())).toMatchObject({ customerId: ids.carl });
      expect(after.status).toBe(410);
      expect(unknown.status).toBe(404);
    });
  });

  describe('connectors', () => {
    it('lists connector status with lag, last error and quarantine count', async () => {
      const response = await call('/connectors', { token: tokens.connectors });

      expect(response.status).toBe(200);
      const list = ConnectorListSchema.parse(await response.json());
      expect(list.items).toMatchObject([
        { name: 'sap-s4', status: 'failing', lagSeconds: 90, lastError: 'HTTP 503', quarantined: 3 },
      ]);
    });

    it('pages through the quarantine, and answers 404 / 400 for unknown or malformed names', async () => {
      const first = await call('/connectors/sap-s4/quarantine?limit=2', { token: tokens.connectors });
      const firstPage = QuarantinePageSchema.parse(await first.json());
      const second = await call(
        `/connectors/sap-s4/quarantine?limit=2&cursor=${encodeURIComponent(firstPage.nextCursor ?? '')}`,
        { token: tokens.connectors },
      );
      const secondPage = QuarantinePageSchema.parse(await second.json());
      const unknown = await call('/connectors/nope/quarantine', { token: tokens.connectors });
      const malformed = await call('/connectors/NOPE_1/quarantine', { token: tokens.connectors });

      expect(firstPage.items).toHaveLength(2);
      expect(secondPage.items).toHaveLength(1);
      expect(secondPage.nextCursor).toBeUndefined();
      expect([...firstPage.items, ...secondPage.items].map((r) => r.recordKey).sort()).toEqual([
        'BP-1',
        'BP-2',
        'BP-3',
      ]);
      expect(firstPage.items[0]).toMatchObject({
        reason: expect.stringContaining('e-mail'),
        raw: { EmailAddress: 'not-an-email' },
      });
      expect([unknown.status, malformed.status]).toEqual([404, 400]);
    });
  });

  // Declared last, so it runs after every flow above: merges, unmerges, erasure and the writes between them.
  describe('the store afterwards', () => {
    it('passes `npx hub360 store check` (run by the hub through its admin route) with zero problems', async () => {
      const lines: string[] = [];

      const exitCode = await cli(['--data-dir', dataDir, 'store', 'check'], {
        out: (line) => lines.push(line),
        err: (line) => lines.push(line),
      });

      expect(lines.at(-1)).toBe('No problems found.');
      expect(exitCode).toBe(0);
    });
  });
});
