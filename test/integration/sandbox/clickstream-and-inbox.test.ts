import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../sandbox/index.ts';
import { startTestSandbox, TEST_NOW } from './sandbox-http.ts';

let sandbox: Sandbox;
let landingDir: string;
let close: () => Promise<void>;
let now = TEST_NOW;

beforeAll(async () => {
  ({ sandbox, landingDir, close } = await startTestSandbox({ clock: () => now, clickstreamHistoryDays: 3 }));
});

afterAll(async () => {
  await close();
});

const listKeys = async (): Promise<string[]> => {
  const entries = await readdir(join(landingDir, sandbox.endpoints.clickstreamPrefix), {
    recursive: true,
    withFileTypes: true,
  });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(landingDir, join(entry.parentPath, entry.name)))
    .sort();
};

const readLines = async (key: string): Promise<string[]> =>
  gunzipSync(await readFile(join(landingDir, key)))
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '');

describe('clickstream landing zone (Segment S3 layout)', () => {
  it('lands gzip JSON-lines files of Segment events under day-partitioned keys', async () => {
    const keys = await listKeys();

    const events = (await Promise.all(keys.map(readLines)))
      .flat()
      .map((line) => JSON.parse(line) as Record<string, unknown>);

    expect(keys).toHaveLength(6);
    expect(
      keys.every((key) => /^segment-logs\/hub360-web-shop\/\d{13}\/\d{13}\.\d{6}-[0-9a-f]{8}\.gz$/.test(key)),
    ).toBe(true);
    expect(keys).toEqual(sandbox.truth().clickstream.files.map((file) => file.key));
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(['page', 'track', 'identify']));
    expect(
      events.every((event) => typeof event.messageId === 'string' && typeof event.anonymousId === 'string'),
    ).toBe(true);
    const identifies = events.filter((event) => event.type === 'identify');
    expect(identifies.length).toBeGreaterThan(0);
    expect(identifies.every((event) => typeof event.userId === 'string')).toBe(true);
    expect(events.some((event) => event.event === 'Product Viewed')).toBe(true);
    expect(events.filter((event) => event.userId === undefined).length).toBeGreaterThan(0);
  });

  it('lands a newer file on every tick, with later keys', async () => {
    const before = await listKeys();
    now = new Date(TEST_NOW.getTime() + 5 * 60_000);

    const { landedFile } = await sandbox.tick();

    const after = await listKeys();
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toBe(landedFile.key);
    expect(landedFile.key > (before.at(-1) ?? '')).toBe(true);
  });

  it('injects late files, malformed lines, invalid events and duplicates into the next file', async () => {
    const latestBefore = (await listKeys()).at(-1) ?? '';
    const eventsBefore = sandbox.truth().clickstream.events.length;
    const idsBefore = new Set(sandbox.truth().clickstream.events.map((event) => event.messageId));
    sandbox.faults.clickstream.inject({ kind: 'lateFile', ageMinutes: 24 * 60 });
    sandbox.faults.clickstream.inject({ kind: 'malformedLine' });
    sandbox.faults.clickstream.inject({ kind: 'invalidEvent', problem: 'missingMessageId' });
    sandbox.faults.clickstream.inject({ kind: 'duplicateEvents', count: 2 });
    now = new Date(TEST_NOW.getTime() + 10 * 60_000);

    const { landedFile } = await sandbox.tick();

    const lines = await readLines(landedFile.key);
    const parsed = lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
    const ids = parsed.map((event) => event.messageId);
    expect(landedFile.key < latestBefore).toBe(true);
    expect(parsed.length).toBe(lines.length - 1);
    expect(ids.filter((id) => id === undefined)).toHaveLength(1);
    expect(ids.filter((id) => idsBefore.has(id as string))).toHaveLength(2);
    expect(sandbox.truth().clickstream.events.length).toBe(eventsBefore + (parsed.length - 1 - 2));
  });
});

describe('enterprise inbox', () => {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${sandbox.endpoints.inbox}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sandbox.credentials.inbox.token}`,
        'content-type': 'application/json',
        ...headers,
      },
      body: JSON.stringify(body),
    });

  it('records deliveries per target and lists them', async () => {
    const signal = await post(
      '/erp/demand-signals',
      { partNumber: 'CP-3216', quantity: 4 },
      { 'idempotency-key': 'sig-1' },
    );
    const task = await post('/callcenter/tasks', { customerId: 'c-1', reason: 'churn risk' });
    const unauthenticated = await fetch(`${sandbox.endpoints.inbox}/sales/leads`, {
      method: 'POST',
      body: '{}',
    });

    const listed = await fetch(`${sandbox.endpoints.inbox}/inbox?target=erpDemandSignals`, {
      headers: { authorization: `Bearer ${sandbox.credentials.inbox.token}` },
    });

    expect(signal.status).toBe(202);
    expect(task.status).toBe(202);
    expect(unauthenticated.status).toBe(401);
    expect(await listed.json()).toMatchObject({
      count: 1,
      messages: [
        { target: 'erpDemandSignals', idempotencyKey: 'sig-1', body: { partNumber: 'CP-3216', quantity: 4 } },
      ],
    });
    expect(sandbox.inbox.list()).toHaveLength(2);
  });

  it('fails deliveries on demand so retries can be shown', async () => {
    sandbox.faults.inbox.inject({ kind: 'serverError', status: 503, pathIncludes: '/pdm/change-requests' });

    const failed = await post('/pdm/change-requests', { partNumber: 'MS-0040', reason: 'leaking seal' });
    const retried = await post('/pdm/change-requests', { partNumber: 'MS-0040', reason: 'leaking seal' });

    expect(failed.status).toBe(503);
    expect(retried.status).toBe(202);
    expect(sandbox.inbox.list('pdmChangeRequests')).toHaveLength(1);
  });
});
