import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../sandbox/index.ts';
import { basicHeader, getJson, type JsonObject, startTestSandbox } from './sandbox-http.ts';

let sandbox: Sandbox;
let close: () => Promise<void>;
let auth: Record<string, string>;

beforeAll(async () => {
  ({ sandbox, close } = await startTestSandbox({ pageSizes: { oracleScm: 20 } }));
  auth = { authorization: basicHeader(sandbox.credentials.oracleScm) };
});

afterAll(async () => {
  await close();
});

/** Reads a resource with offset paging until hasMore is false. */
const readAll = async (resource: string, query: Record<string, string>, limit: number) => {
  const items: JsonObject[] = [];
  let offset = 0;
  let pages = 0;
  for (;;) {
    const params = new URLSearchParams({ ...query, limit: String(limit), offset: String(offset) });
    const { status, body } = await getJson(`${sandbox.endpoints.oracleScm}/${resource}?${params}`, auth);
    if (status !== 200) throw new Error(`${status}: ${JSON.stringify(body)}`);
    items.push(...(body.items as JsonObject[]));
    pages += 1;
    expect(body.count).toBe((body.items as JsonObject[]).length);
    if (body.hasMore !== true) return { items, pages };
    offset += Number(body.count);
  }
};

describe('Oracle Fusion SCM sandbox (REST, offset paging)', () => {
  it('pages shipments with offset/limit/hasMore and returns every shipment once', async () => {
    const { items, pages } = await readAll(
      'shipments',
      { orderBy: 'LastUpdateDate:asc,ShipmentId:asc', onlyData: 'true' },
      15,
    );

    const ids = items.map((item) => item.ShipmentId);
    expect(pages).toBeGreaterThan(5);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(
      sandbox
        .truth()
        .oracleScm.shipments.map((item) => item.ShipmentId)
        .sort(),
    );
    expect(items[0]).not.toHaveProperty('links');
  });

  it('filters with q on LastUpdateDate and expands shipment lines', async () => {
    const q = "LastUpdateDate >= '2026-02-15T00:00:00+00:00' and OrganizationCode = 'HH1'";

    const { items } = await readAll('shipments', { q, expand: 'shipmentLines' }, 20);

    const expected = sandbox
      .truth()
      .oracleScm.shipments.filter(
        (item) => String(item.LastUpdateDate) >= '2026-02-15' && item.OrganizationCode === 'HH1',
      );
    expect(items.length).toBe(expected.length);
    expect(items.length).toBeGreaterThan(0);
    expect(String(items[0]?.LastUpdateDate)).toMatch(/\+00:00$/);
    expect(items[0]?.shipmentLines).toEqual(
      expect.arrayContaining([expect.objectContaining({ ItemNumber: expect.any(String) })]),
    );
    expect(items[0]?.links).toEqual(
      expect.arrayContaining([expect.objectContaining({ rel: 'self', kind: 'item' })]),
    );
  });

  it('caps limit at the server maximum and reports totalResults', async () => {
    const { body } = await getJson(
      `${sandbox.endpoints.oracleScm}/onhandQuantityDetails?limit=9999&totalResults=true`,
      auth,
    );

    expect(body.limit).toBe(20);
    expect((body.items as JsonObject[]).length).toBe(20);
    expect(body.totalResults).toBe(sandbox.truth().oracleScm.onhandQuantityDetails.length);
  });

  it('rejects what it cannot honour with an Oracle error body', async () => {
    const like = await getJson(
      `${sandbox.endpoints.oracleScm}/shipments?q=${encodeURIComponent("Carrier LIKE 'DHL%'")}`,
      auth,
    );
    const unencodedPlus = await getJson(
      `${sandbox.endpoints.oracleScm}/shipments?q=LastUpdateDate > '2026-01-01T00:00:00+00:00'`,
      auth,
    );
    const unknownParam = await getJson(`${sandbox.endpoints.oracleScm}/shipments?finder=ByStatus`, auth);

    expect(like.status).toBe(400);
    expect(like.body).toMatchObject({
      status: '400',
      'o:errorDetails': [{ detail: expect.stringContaining('LIKE') }],
    });
    expect(unencodedPlus.status).toBe(400);
    expect(unknownParam.status).toBe(400);
  });
});
