import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../sandbox/index.ts';
import { basicHeader, getJson, type JsonObject, readAllV2, startTestSandbox } from './sandbox-http.ts';

let sandbox: Sandbox;
let close: () => Promise<void>;
let auth: Record<string, string>;

beforeAll(async () => {
  ({ sandbox, close } = await startTestSandbox({ pageSizes: { sapS4: 7 } }));
  auth = { authorization: basicHeader(sandbox.credentials.sapS4), accept: 'application/json' };
});

afterAll(async () => {
  await close();
});

const url = (path: string) => `${sandbox.endpoints.sapS4}${path}`;

describe('SAP S/4HANA sandbox (OData v2)', () => {
  it('refuses requests without the communication user', async () => {
    const wrong = {
      authorization: basicHeader({ kind: 'basic', username: 'HUB360_COMM_USER', password: 'nope' }),
    };

    const response = await getJson(url('/API_SALES_ORDER_SRV/A_SalesOrder'), wrong);

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Basic');
  });

  it('pages sales orders with __next links that yield every order exactly once', async () => {
    const { records, pages } = await readAllV2(
      url('/API_SALES_ORDER_SRV/A_SalesOrder?$expand=to_Item&$orderby=LastChangeDateTime'),
      auth,
    );

    const keys = records.map((record) => record.SalesOrder);
    const truth = sandbox.truth().sapS4.A_SalesOrder.map((record) => record.SalesOrder);
    expect(pages).toBeGreaterThan(5);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual([...truth].sort());
    expect(records[0]?.to_Item).toMatchObject({
      results: expect.arrayContaining([expect.objectContaining({ Material: expect.any(String) })]),
    });
  });

  it('returns records shaped like the real API with /Date()/ dates and decimals as strings', async () => {
    const { body } = await getJson(
      url(
        '/API_BUSINESS_PARTNER/A_BusinessPartner?$top=1&$expand=to_BusinessPartnerAddress/to_EmailAddress&$inlinecount=allpages',
      ),
      auth,
    );
    const d = body.d as { results: JsonObject[]; __count: string };
    const partner = d.results[0] ?? {};
    const address = (partner.to_BusinessPartnerAddress as { results: JsonObject[] }).results[0] ?? {};

    expect(Number(d.__count)).toBe(sandbox.truth().sapS4.A_BusinessPartner.length);
    expect(partner.__metadata).toMatchObject({ type: 'API_BUSINESS_PARTNER.A_BusinessPartnerType' });
    expect(partner.LastChangeDate).toMatch(/^\/Date\(\d+\)\/$/);
    expect(partner.LastChangeTime).toMatch(/^PT\d\dH\d\dM\d\dS$/);
    expect((address.to_EmailAddress as { results: JsonObject[] }).results[0]?.EmailAddress).toContain('@');
    expect(address.to_PhoneNumber).toHaveProperty('__deferred');

    const order = await getJson(url('/API_SALES_ORDER_SRV/A_SalesOrder?$top=1'), auth);
    const first = (order.body.d as { results: JsonObject[] }).results[0] ?? {};
    expect(first.TotalNetAmount).toMatch(/^\d+\.\d\d$/);
    expect(first.LastChangeDateTime).toMatch(/^\/Date\(\d+\+0000\)\/$/);
  });

  it('filters incrementally by LastChangeDateTime and by date plus time', async () => {
    const since = new Date('2026-02-01T00:00:00Z');
    const { records } = await readAllV2(
      url(
        `/API_BILLING_DOCUMENT_SRV/A_BillingDocument?$filter=LastChangeDateTime ge datetimeoffset'${since.toISOString()}'&$select=BillingDocument,LastChangeDateTime`,
      ),
      auth,
    );
    const expected = sandbox
      .truth()
      .sapS4.A_BillingDocument.filter(
        (record) => Number(/\d+/.exec(String(record.LastChangeDateTime))?.[0]) >= since.getTime(),
      );
    const partners = await readAllV2(
      url(
        "/API_BUSINESS_PARTNER/A_BusinessPartner?$filter=LastChangeDate gt datetime'2025-06-01T00:00:00' or (LastChangeDate eq datetime'2025-06-01T00:00:00' and LastChangeTime ge time'PT12H00M00S')",
      ),
      auth,
    );

    expect(records.length).toBe(expected.length);
    expect(records.length).toBeGreaterThan(0);
    expect(Object.keys(records[0] ?? {}).sort()).toEqual([
      'BillingDocument',
      'LastChangeDateTime',
      '__metadata',
    ]);
    expect(partners.records.length).toBeGreaterThan(0);
    expect(partners.records.length).toBeLessThan(sandbox.truth().sapS4.A_BusinessPartner.length);
  });

  it('rejects unsupported filters with an OData v2 error body instead of ignoring them', async () => {
    const unsupported = await getJson(
      url("/API_SALES_ORDER_SRV/A_SalesOrder?$filter=startswith(SalesOrder,'1')"),
      auth,
    );
    const wrongLiteral = await getJson(
      url("/API_SALES_ORDER_SRV/A_SalesOrder?$filter=LastChangeDateTime gt '2024-01-01'"),
      auth,
    );
    const unknownOption = await getJson(url('/API_SALES_ORDER_SRV/A_SalesOrder?$search=pump'), auth);

    expect(unsupported.status).toBe(400);
    expect(unsupported.body).toMatchObject({
      error: { message: { lang: 'en', value: expect.stringContaining('startswith') } },
    });
    expect(wrongLiteral.status).toBe(400);
    expect(unknownOption.status).toBe(400);
  });

  it('serves single entities and $count', async () => {
    const key = String(sandbox.truth().sapS4.A_SalesOrder[0]?.SalesOrder);

    const single = await getJson(url(`/API_SALES_ORDER_SRV/A_SalesOrder('${key}')`), auth);
    const count = await fetch(url('/API_SALES_ORDER_SRV/A_SalesOrder/$count'), { headers: auth });
    const missing = await getJson(url("/API_SALES_ORDER_SRV/A_SalesOrder('0')"), auth);

    expect((single.body.d as JsonObject).SalesOrder).toBe(key);
    expect(Number(await count.text())).toBe(sandbox.truth().sapS4.A_SalesOrder.length);
    expect(missing.status).toBe(404);
  });
});
