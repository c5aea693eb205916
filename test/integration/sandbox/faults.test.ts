import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Sandbox } from '../../../sandbox/index.ts';
import { basicHeader, getJson, type JsonObject, readAllV2, startTestSandbox } from './sandbox-http.ts';

let sandbox: Sandbox;
let close: () => Promise<void>;
let sapAuth: Record<string, string>;
let oracleAuth: Record<string, string>;

beforeAll(async () => {
  ({ sandbox, close } = await startTestSandbox({ pageSizes: { sapS4: 10, oracleScm: 50 } }));
  sapAuth = { authorization: basicHeader(sandbox.credentials.sapS4) };
  oracleAuth = { authorization: basicHeader(sandbox.credentials.oracleScm) };
});

beforeEach(() => {
  for (const system of ['sapS4', 'businessCentral', 'windchill', 'oracleScm', 'inbox'] as const)
    sandbox.faults[system].clear();
  sandbox.requestLog.clear();
});

afterAll(async () => {
  await close();
});

const orders = () => `${sandbox.endpoints.sapS4}/API_SALES_ORDER_SRV/A_SalesOrder`;

afterEach(() => {
  vi.useRealTimers();
});

describe('sandbox fault injection', () => {
  it('answers 429 with Retry-After once, then normally', async () => {
    sandbox.faults.sapS4.inject({ kind: 'rateLimit', retryAfterSeconds: 3 });

    const first = await fetch(orders(), { headers: sapAuth });
    const second = await fetch(orders(), { headers: sapAuth });

    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(second.status).toBe(200);
  });

  it('fails a count-limited number of requests to one resource after letting some through', async () => {
    sandbox.faults.oracleScm.inject({
      kind: 'serverError',
      status: 503,
      times: 2,
      afterRequests: 1,
      pathIncludes: 'shipments',
    });
    const url = `${sandbox.endpoints.oracleScm}/shipments?limit=1`;

    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt += 1)
      statuses.push((await fetch(url, { headers: oracleAuth })).status);
    const other = await fetch(`${sandbox.endpoints.oracleScm}/onhandQuantityDetails?limit=1`, {
      headers: oracleAuth,
    });

    expect(statuses).toEqual([200, 503, 503, 200]);
    expect(other.status).toBe(200);
  });

  it('holds a slow response back until its delay has passed, then answers it', async () => {
    sandbox.faults.sapS4.inject({ kind: 'slow', delayMs: 60_000 });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

    const response = fetch(`${orders()}?$top=1`, { headers: sapAuth });
    // Logged: in the same step the server armed its (fake) timer and now waits on it before answering.
    const entry = await vi.waitFor(() => {
      const logged = sandbox.requestLog.list('sapS4')[0];
      if (!logged) throw new Error('the request has not arrived yet');
      return logged;
    });
    await vi.advanceTimersByTimeAsync(30_000);
    const statusHalfway = entry.status;
    await vi.advanceTimersByTimeAsync(30_000);

    expect(statusHalfway).toBe(0); // not answered halfway through the delay
    expect((await response).status).toBe(200);
    expect(entry.status).toBe(200);
    expect(sandbox.faults.sapS4.fired().at(-1)).toMatchObject({ kind: 'slow' });
  });

  it('sends malformed JSON and drops connections on demand', async () => {
    sandbox.faults.sapS4.inject({ kind: 'malformedJson' });
    sandbox.faults.sapS4.inject({ kind: 'connectionReset', afterRequests: 1 });

    const malformed = await fetch(`${orders()}?$top=3`, { headers: sapAuth });
    const text = await malformed.text();
    const reset = fetch(`${orders()}?$top=3`, { headers: sapAuth });

    expect(malformed.status).toBe(200);
    expect(() => JSON.parse(text)).toThrow();
    await expect(reset).rejects.toThrow();
  });

  it('serves one schema-invalid record in a page: missing key or unparsable date', async () => {
    sandbox.faults.sapS4.inject({ kind: 'invalidRecord', problem: 'missingKey' });
    sandbox.faults.sapS4.inject({ kind: 'invalidRecord', problem: 'badDate' });

    const first = await getJson(`${orders()}?$top=5`, sapAuth);
    const second = await getJson(`${orders()}?$top=5`, sapAuth);

    const missing = (first.body.d as { results: JsonObject[] }).results.filter(
      (record) => record.SalesOrder === undefined,
    );
    const badDates = (second.body.d as { results: JsonObject[] }).results.filter(
      (record) => !/^\/Date\(\d+\+0000\)\/$/.test(String(record.LastChangeDateTime)),
    );
    expect(missing).toHaveLength(1);
    expect(badDates).toHaveLength(1);
  });

  it('arms faults through the HTTP admin route and rejects invalid specs', async () => {
    const armed = await fetch(`${sandbox.endpoints.oracleScm}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify([{ kind: 'rateLimit' }, { kind: 'serverError', status: 500 }]),
    });
    const invalid = await fetch(`${sandbox.endpoints.oracleScm}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'slow' }),
    });
    const pending = await getJson(`${sandbox.endpoints.oracleScm}/_sandbox/faults`, {});

    expect(armed.status).toBe(201);
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('delayMs');
    expect(pending.body.pending).toEqual([
      expect.objectContaining({ kind: 'rateLimit' }),
      expect.objectContaining({ kind: 'serverError', status: 500 }),
    ]);
  });

  it('ties many rows to one timestamp across a page boundary', async () => {
    const at = '2026-03-01T11:00:00.000Z';
    const keys = sandbox.faults.sapS4.inject({
      kind: 'tieTimestamps',
      stream: 'A_SalesOrder',
      count: 25,
      at,
    });

    const { records, pages } = await readAllV2(
      `${orders()}?$filter=LastChangeDateTime eq datetimeoffset'${at}'&$orderby=LastChangeDateTime`,
      sapAuth,
    );

    expect(pages).toBe(3);
    expect(records.map((record) => record.SalesOrder).sort()).toEqual([...keys].sort());
  });

  it('makes rows appear late with an old timestamp and deletes rows by disappearance', async () => {
    const before = sandbox.truth().oracleScm.shipments.length;

    const late = sandbox.faults.oracleScm.inject({
      kind: 'lateRows',
      stream: 'shipments',
      count: 2,
      ageMinutes: 600,
    });
    const deleted = sandbox.faults.oracleScm.inject({ kind: 'deleteRows', stream: 'shipments', count: 1 });

    const truth = sandbox.truth();
    const lateRows = truth.oracleScm.shipments.filter((item) => late.includes(String(item.ShipmentId)));
    expect(lateRows).toHaveLength(2);
    expect(lateRows.every((item) => String(item.LastUpdateDate).startsWith('2026-03-01T02:00:00'))).toBe(
      true,
    );
    expect(truth.oracleScm.shipments).toHaveLength(before + 2 - 1);
    expect(truth.removed.oracleScm.shipments).toEqual(deleted);
  });

  it('counts requests per system and the busiest second', async () => {
    await Promise.all([1, 2, 3].map(() => fetch(`${orders()}?$top=1`, { headers: sapAuth })));
    await fetch(`${sandbox.endpoints.oracleScm}/shipments?limit=1`, { headers: oracleAuth });

    const counts = await getJson(`${sandbox.endpoints.sapS4}/_sandbox/requests`, {});

    expect(sandbox.requestLog.count('sapS4')).toBe(3);
    expect(sandbox.requestLog.count('oracleScm')).toBe(1);
    expect(counts.body).toEqual({ count: 3, maxPerSecond: sandbox.requestLog.maxInWindow('sapS4', 1_000) });
  });
});

describe('sandbox throttling', () => {
  it('answers 429 past the configured rate within one second, and serves again once the second has passed', async () => {
    const throttled = await startTestSandbox({ rateLimitPerSecond: { sapS4: 2 } });
    // The window is read from Date.now(); a fake clock makes every request land in the same instant.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T12:00:00.000Z'));
    try {
      const headers = { authorization: basicHeader(throttled.sandbox.credentials.sapS4) };
      const url = `${throttled.sandbox.endpoints.sapS4}/API_SALES_ORDER_SRV/A_SalesOrder?$top=1`;

      const statuses = [];
      for (let attempt = 0; attempt < 4; attempt += 1) statuses.push((await fetch(url, { headers })).status);
      vi.setSystemTime(new Date('2026-03-01T12:00:01.000Z'));
      const nextSecond = await fetch(url, { headers });

      expect(statuses).toEqual([200, 200, 429, 429]);
      expect(nextSecond.status).toBe(200);
    } finally {
      vi.useRealTimers();
      await throttled.close();
    }
  });
});
