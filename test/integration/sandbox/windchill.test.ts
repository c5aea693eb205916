import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../sandbox/index.ts';
import { fetchToken, getJson, type JsonObject, readAllV4, startTestSandbox } from './sandbox-http.ts';

let sandbox: Sandbox;
let close: () => Promise<void>;
let auth: Record<string, string>;

beforeAll(async () => {
  ({ sandbox, close } = await startTestSandbox({ pageSizes: { windchill: 4 } }));
  auth = { authorization: `Bearer ${await fetchToken(sandbox.credentials.windchill)}` };
});

afterAll(async () => {
  await close();
});

describe('Windchill sandbox (ProdMgmt Parts, OData v4)', () => {
  it('pages every part revision exactly once', async () => {
    const { records, pages } = await readAllV4(`${sandbox.endpoints.windchill}/ProdMgmt/Parts`, auth);

    const ids = records.map((record) => record.ID);
    expect(pages).toBeGreaterThan(3);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(
      sandbox
        .truth()
        .windchill.Parts.map((part) => part.ID)
        .sort(),
    );
  });

  it('filters by LastModified and state and expands successors and accessories', async () => {
    const all = sandbox.truth().windchill.Parts;
    const cutoff = [...all.map((part) => String(part.LastModified))].sort()[Math.floor(all.length / 2)] ?? '';

    const recent = await readAllV4(
      `${sandbox.endpoints.windchill}/ProdMgmt/Parts?$filter=LastModified gt ${cutoff}`,
      auth,
    );
    const withLinks = await readAllV4(
      `${sandbox.endpoints.windchill}/v5/ProdMgmt/Parts?$filter=State/Value eq 'RELEASED'&$expand=Successors,Accessories`,
      auth,
    );

    expect(recent.records.length).toBe(all.filter((part) => String(part.LastModified) > cutoff).length);
    expect(withLinks.records.every((part) => (part.State as JsonObject).Value === 'RELEASED')).toBe(true);
    expect(withLinks.records.some((part) => (part.Successors as JsonObject[]).length > 0)).toBe(true);
    expect(withLinks.records.some((part) => (part.Accessories as JsonObject[]).length > 0)).toBe(true);
  });

  it('serves one part by ID and rejects filters on unknown properties', async () => {
    const id = String(sandbox.truth().windchill.Parts[0]?.ID);

    const single = await getJson(
      `${sandbox.endpoints.windchill}/ProdMgmt/Parts('${encodeURIComponent(id)}')`,
      auth,
    );
    const unknown = await getJson(
      `${sandbox.endpoints.windchill}/ProdMgmt/Parts?$filter=Colour eq 'red'`,
      auth,
    );

    expect(single.body).toMatchObject({ ID: id, '@odata.context': expect.stringContaining('$entity') });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { code: 'PropertyNotFound' } });
  });
});
