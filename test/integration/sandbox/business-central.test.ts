import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../sandbox/index.ts';
import {
  fetchToken,
  getJson,
  type JsonObject,
  readAllV4,
  startTestSandbox,
  TEST_NOW,
} from './sandbox-http.ts';

let sandbox: Sandbox;
let close: () => Promise<void>;
let now = TEST_NOW;
let auth: Record<string, string>;
let companyUrl: string;

beforeAll(async () => {
  ({ sandbox, close } = await startTestSandbox({ pageSizes: { businessCentral: 6 }, clock: () => now }));
  auth = { authorization: `Bearer ${await fetchToken(sandbox.credentials.businessCentral)}` };
  companyUrl = `${sandbox.endpoints.businessCentral}/companies(${sandbox.endpoints.businessCentralCompanyId})`;
});

afterAll(async () => {
  await close();
});

describe('Business Central sandbox (OData v4)', () => {
  it('issues tokens only to its registered client and accepts only those tokens', async () => {
    const badSecret = await fetch(sandbox.endpoints.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: sandbox.credentials.businessCentral.clientId,
        client_secret: 'x',
      }),
    });
    const windchillToken = await fetchToken(sandbox.credentials.windchill);

    const withWindchillToken = await getJson(`${companyUrl}/customers`, {
      authorization: `Bearer ${windchillToken}`,
    });

    expect(badSecret.status).toBe(401);
    expect(await badSecret.json()).toMatchObject({ error: 'invalid_client' });
    expect(withWindchillToken.status).toBe(401);
    expect(withWindchillToken.body).toMatchObject({ error: { code: 'Unauthorized' } });
  });

  it('lists the company and pages customers with nextLinks that yield every customer once', async () => {
    const companies = await getJson(`${sandbox.endpoints.businessCentral}/companies`, auth);

    const { records, pages } = await readAllV4(`${companyUrl}/customers?$orderby=lastModifiedDateTime`, auth);

    const ids = records.map((record) => record.id);
    expect((companies.body.value as JsonObject[])[0]?.id).toBe(sandbox.endpoints.businessCentralCompanyId);
    expect(pages).toBeGreaterThan(2);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(
      sandbox
        .truth()
        .businessCentral.customers.map((record) => record.id)
        .sort(),
    );
  });

  it('expands sales order lines, honours odata.maxpagesize and counts', async () => {
    const { status, headers, body } = await getJson(
      `${companyUrl}/salesInvoices?$expand=salesInvoiceLines&$count=true`,
      {
        ...auth,
        prefer: 'odata.maxpagesize=2',
      },
    );

    const value = body.value as JsonObject[];
    expect(status).toBe(200);
    expect(headers.get('preference-applied')).toBe('odata.maxpagesize=2');
    expect(value).toHaveLength(2);
    expect(body['@odata.count']).toBe(sandbox.truth().businessCentral.salesInvoices.length);
    expect(body['@odata.context']).toContain('$metadata#companies(');
    expect(value[0]?.salesInvoiceLines).toEqual(
      expect.arrayContaining([expect.objectContaining({ lineType: 'Item' })]),
    );
    expect(String(value[0]?.lastModifiedDateTime)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(String(value[0]?.dueDate)).toMatch(/^\d{4}-\d\d-\d\d$/);
  });

  it('filters by lastModifiedDateTime with bare ISO literals and rejects v2 literals', async () => {
    const since = '2026-01-01T00:00:00Z';
    const { records } = await readAllV4(
      `${companyUrl}/salesInvoices?$filter=lastModifiedDateTime ge ${since}`,
      auth,
    );
    const v2Literal = await getJson(
      `${companyUrl}/salesInvoices?$filter=lastModifiedDateTime ge datetime'2026-01-01T00:00:00'`,
      auth,
    );

    const expected = sandbox
      .truth()
      .businessCentral.salesInvoices.filter((record) => String(record.lastModifiedDateTime) >= '2026-01-01');
    expect(records.length).toBe(expected.length);
    expect(v2Literal.status).toBe(400);
    expect(v2Literal.body).toMatchObject({ error: { code: 'BadRequest' } });
  });

  it('ends a tracked read with a delta link that later reports changes and deleted orders', async () => {
    const initial = await readAllV4(`${companyUrl}/salesOrders?$expand=salesOrderLines`, {
      ...auth,
      prefer: 'odata.track-changes',
    });
    expect(initial.deltaLink).toBeDefined();
    const openOrders = initial.records.map((record) => String(record.id));

    now = new Date(TEST_NOW.getTime() + 3_600_000);
    sandbox.faults.businessCentral.inject({
      kind: 'deleteRows',
      stream: 'salesOrders',
      keys: [openOrders[0] ?? ''],
    });
    await sandbox.tick();
    const delta = await readAllV4(initial.deltaLink ?? '', auth);

    const removed = delta.records.filter((record) =>
      String(record['@odata.context']).endsWith('/$deletedEntity'),
    );
    const changed = delta.records.filter((record) => record.lastModifiedDateTime !== undefined);
    expect(removed.map((record) => record.id)).toContain(openOrders[0]);
    expect(removed[0]).toMatchObject({ reason: 'deleted' });
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((record) => String(record.lastModifiedDateTime) === now.toISOString())).toBe(true);
    expect(delta.deltaLink).toBeDefined();
    expect(delta.deltaLink).not.toBe(initial.deltaLink);
  });

  it('pages a delta with nextLinks and ends it with a fresh delta link', async () => {
    const initial = await readAllV4(`${companyUrl}/customers`, { ...auth, prefer: 'odata.track-changes' });
    const victims = initial.records.slice(0, 3).map((record) => String(record.id));
    sandbox.faults.businessCentral.inject({
      kind: 'deleteRows',
      stream: 'customers',
      count: 3,
      keys: victims,
    });
    const late = sandbox.faults.businessCentral.inject({
      kind: 'lateRows',
      stream: 'customers',
      count: 2,
      ageMinutes: 30,
    });

    const delta = await readAllV4(initial.deltaLink ?? '', { ...auth, prefer: 'odata.maxpagesize=2' });
    const again = await readAllV4(delta.deltaLink ?? '', auth);

    const changedIds = new Set(late);
    expect(changedIds.size).toBeGreaterThan(0);
    expect(delta.pages).toBe(Math.ceil((victims.length + changedIds.size) / 2));
    expect(delta.records.filter((record) => record.reason === 'deleted').map((record) => record.id)).toEqual(
      victims,
    );
    const changed = delta.records
      .filter((record) => record.displayName !== undefined)
      .map((record) => record.id);
    expect(new Set(changed)).toEqual(changedIds);
    expect(again.records).toEqual([]);
  });
});
