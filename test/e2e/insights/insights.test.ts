import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { loadConnectorsConfig } from '../../../connectors/config/load-connectors-config.ts';
import { KNOWN_SEGMENTS, segmentValue } from '../../../core/insights/store/segments.ts';
import { type LocalHub, startLocalHub } from '../../../infra/local/runtime.ts';
import { startSandboxSources } from '../../../infra/local/sandbox-sources.ts';
import { LocalSettingsSchema } from '../../../infra/local/settings.ts';
import { localAwsIdentity } from '../../../infra/local/store/dynamodb-local.ts';
import { toDynamoDbStreamEvent } from '../../../infra/local/streams/stream-event.ts';
import { loadTopology } from '../../../infra/topology/index.ts';
import { apiPart } from '../../../infra/topology/parts/api.ts';
import { connectorsPart } from '../../../infra/topology/parts/connectors.ts';
import { insightsPart } from '../../../infra/topology/parts/insights.ts';
import { storePart } from '../../../infra/topology/parts/store.ts';
import { type Customer360Response, Customer360ResponseSchema } from '../../../schemas/api/customer-360.ts';
import {
  type SegmentList,
  SegmentListSchema,
  type SegmentMember,
  SegmentMembersPageSchema,
} from '../../../schemas/api/segments.ts';
import { waitFor } from '../../support/wait-for.ts';
import { readWholeStream, streamConsumed } from './table-stream.ts';

const SANDBOX_CUSTOMERS = 12;

const ScheduledSyncResultSchema = z.object({
  connector: z.string(),
  caughtUp: z.boolean(),
  skipped: z.string().optional(),
  failed: z.array(z.string()).optional(),
});

/**
 * The insights on the whole local runtime: the sandbox's ERP, PDM, SCM, service-desk and web systems are
 * synced through the real connectors into DynamoDB Local, the table's stream drives the insights recompute,
 * the change feed announces the results on the local bus, and the query API serves the 360 views and the
 * segments. Nothing is mocked; the test waits on the stream being consumed, never on time.
 */
describe('insights on the local runtime with the sandbox systems', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub360-insights-e2e-'));
  let hub: LocalHub;
  let sandboxConnectors: string[] = [];
  let documents: DynamoDBDocumentClient;
  let streams: DynamoDBStreamsClient;
  let token: string;
  let activeCustomers: string[];
  let views: Map<string, Customer360Response>;

  const get = async (path: string): Promise<unknown> => {
    const response = await fetch(`${hub.info.apiUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };

  /** Every subscribed function (change feed, insights, reactions, demand) has seen every committed change. */
  const streamSettled = async () => {
    await hub.settle();
    await waitFor(
      'every stream subscription to consume the whole table stream',
      async () =>
        (await streamConsumed({
          client: streams,
          streamArn: hub.info.streamArn,
          checkpointFile: join(dataDir, 'stream-checkpoints.json'),
          functions: ['stream-publisher', 'insights-recompute'],
        }))
          ? true
          : undefined,
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    // What the last deliveries published must have reached the bus, too.
    await hub.settle();
  };

  /** The customers identity resolution keeps (merged-away and erased ones have no 360 view). */
  const scanActiveCustomers = async (): Promise<string[]> => {
    const ids: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new ScanCommand({
          TableName: hub.info.tableName,
          FilterExpression: 'sk = :profile AND #status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':profile': 'PROFILE', ':active': 'active' },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) ids.push(String(item.customerId));
      start = page.LastEvaluatedKey;
    } while (start);
    return ids.sort();
  };

  /** Each INSIGHTS item's version: a write that changed anything raises it. */
  const insightVersions = async (): Promise<Map<string, number>> => {
    const versions = new Map<string, number>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new ScanCommand({
          TableName: hub.info.tableName,
          FilterExpression: 'sk = :insights',
          ExpressionAttributeValues: { ':insights': 'INSIGHTS' },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) versions.set(String(item.customerId), Number(item.version));
      start = page.LastEvaluatedKey;
    } while (start);
    return versions;
  };

  const members = async (segment: string): Promise<SegmentMember[]> => {
    const all: SegmentMember[] = [];
    let cursor: string | undefined;
    do {
      const page = SegmentMembersPageSchema.parse(
        await get(
          `/segments/${encodeURIComponent(segment)}/customers?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        ),
      );
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  };

  const readViews = async (ids: readonly string[]) =>
    new Map(
      await Promise.all(
        ids.map(async (id) => [id, Customer360ResponseSchema.parse(await get(`/customers/${id}`))] as const),
      ),
    );

  /** Insight events the change feed put on the bus so far (from the bus's archive). */
  const insightEventsPublished = () =>
    hub.bus.operations.backtest({ source: ['hub360.insights'] }, new Date(0), 0).matched;

  /** One connector's sync, continued (as the continuation rule does) until it has read everything. */
  const syncUntilCaughtUp = async (connector: string) => {
    for (let run = 0; run < 20; run++) {
      const result = ScheduledSyncResultSchema.parse(
        await hub.functions.invoke('connector-sync', { connector }),
      );
      if (result.failed?.length) throw new Error(`sync of ${connector} failed: ${result.failed.join('; ')}`);
      if (result.skipped === 'not configured') throw new Error(`the sandbox configures no ${connector}`);
      if (result.caughtUp && result.skipped === undefined) return;
      // A sync that stopped for time continues through the bus; let that run finish first.
      await hub.settle();
    }
    throw new Error(`sync of ${connector} did not catch up in 20 runs`);
  };

  beforeAll(async () => {
    const settings = LocalSettingsSchema.parse({
      dataDir,
      apiPort: 0,
      busPort: 0,
      storePort: 0,
      streamPollMs: 100,
      logLevel: 'SILENT',
      logFormat: 'json',
      // The sandbox holds still, so the data synced once is all there is and a replay has nothing new to find.
      sandboxTickMs: 0,
      insightsSchedule: 'rate(1 day)',
    });
    hub = await startLocalHub({
      settings,
      // 12 customers with a year and a half of orders, invoices, shipments, tickets and web sessions.
      startSources: async (dir) => {
        const sources = await startSandboxSources(dir, settings, SANDBOX_CUSTOMERS);
        sandboxConnectors = Object.keys(loadConnectorsConfig(sources.environment));
        return sources;
      },
      // The parts insights need: connectors feed the store, its stream drives the insights and the change
      // feed, the API serves them. The test runs each sync itself, in order, as the connector schedules would;
      // the insights schedule stays.
      topology: loadTopology([storePart, connectorsPart({}), insightsPart, apiPart]),
      runSchedulesAtStart: false,
      environment: { POWERTOOLS_METRICS_DISABLED: 'true' },
      busRetryBaseDelayMs: 5,
      asyncRetryDelaysMs: [5, 5],
    });
    documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: hub.info.storeEndpoint, ...localAwsIdentity }),
    );
    streams = new DynamoDBStreamsClient({ endpoint: hub.info.storeEndpoint, ...localAwsIdentity });
    token = await hub.mintToken(['customers:read']);

    // Sandbox data flows in: every connector syncs once, as its schedule would run it.
    for (const connector of sandboxConnectors) await syncUntilCaughtUp(connector);
    await streamSettled();
    // The scheduled population run (key customers, RFM boundaries, time-driven moves), as its schedule fires it.
    await hub.functions.invoke('insights-reevaluate', {});
    await streamSettled();

    activeCustomers = await scanActiveCustomers();
    views = await readViews(activeCustomers);
  }, 600_000);

  afterAll(async () => {
    await hub?.stop();
    documents?.destroy();
    streams?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives every customer the sandbox brought in a lifecycle stage, risk and profit status in its 360 view', () => {
    const missing = activeCustomers.filter((id) => {
      const insights = views.get(id)?.insights;
      return !insights?.lifecycleStage || !insights.riskStatus || !insights.profitStatus;
    });

    expect(activeCustomers.length).toBeGreaterThanOrEqual(SANDBOX_CUSTOMERS / 2);
    expect(missing).toEqual([]);
    // Sandbox customers buy: not everyone can still be a prospect.
    const stages = new Set(activeCustomers.map((id) => views.get(id)?.insights.lifecycleStage?.value));
    expect(stages.size).toBeGreaterThan(1);
  });

  it('lists segment members whose 360 views show that stage, status or key flag, with sizes equal to the members', async () => {
    const list: SegmentList = SegmentListSchema.parse(await get('/segments'));
    const listed = await Promise.all(list.segments.map(async (s) => [s, await members(s.segment)] as const));

    expect(list.segments.map((s) => s.segment)).toEqual(KNOWN_SEGMENTS.map((s) => s.segment));
    const mismatches: string[] = [];
    for (const [segment, segmentMembers] of listed) {
      if (segment.size !== segmentMembers.length)
        mismatches.push(`${segment.segment}: size ${segment.size}, ${segmentMembers.length} members listed`);
      for (const member of segmentMembers) {
        const insights = views.get(member.customerId)?.insights;
        const shown =
          segment.kind === 'lifecycle'
            ? insights?.lifecycleStage?.value
            : segment.kind === 'risk'
              ? insights?.riskStatus?.value
              : segment.kind === 'profit'
                ? insights?.profitStatus?.value
                : insights?.keyCustomer
                  ? 'keyCustomer'
                  : 'not a key customer';
        if (shown === undefined || segmentValue(shown) !== segment.value)
          mismatches.push(`${segment.segment}: ${member.customerId} shows ${String(shown)}`);
        const name = views.get(member.customerId)?.profile;
        const expectedName = name?.companyName?.value ?? name?.name?.value;
        if (expectedName !== undefined && member.displayName !== expectedName)
          mismatches.push(`${segment.segment}: ${member.customerId} listed as ${String(member.displayName)}`);
      }
    }
    expect(mismatches).toEqual([]);
    // Each customer is in exactly one lifecycle, one risk and one profit segment.
    for (const kind of ['lifecycle', 'risk', 'profit'] as const) {
      const ids = listed.filter(([s]) => s.kind === kind).flatMap(([, m]) => m.map((x) => x.customerId));
      expect(ids.sort(), `${kind} segments`).toEqual(activeCustomers);
    }
    const keyCustomers = activeCustomers.filter((id) => views.get(id)?.insights.keyCustomer === true);
    expect(keyCustomers.length).toBeGreaterThan(0);
    expect(listed.find(([s]) => s.kind === 'key')?.[1].map((m) => m.customerId)).toEqual(keyCustomers);
  });

  it('changes nothing when the stream delivers every change again and the population run repeats', async () => {
    const versionsBefore = await insightVersions();
    const eventsBefore = insightEventsPublished();
    const sizesBefore = SegmentListSchema.parse(await get('/segments')).segments.map((s) => [
      s.segment,
      s.size,
    ]);
    const shards = await readWholeStream(streams, hub.info.streamArn);
    const changes = [...shards.values()].flat();

    // act: the same changes again, in the batches the event source mapping uses, then the daily run again
    for (let i = 0; i < changes.length; i += 100) {
      await hub.functions.invoke(
        'insights-recompute',
        toDynamoDbStreamEvent(changes.slice(i, i + 100), hub.info.streamArn),
      );
    }
    await hub.functions.invoke('insights-reevaluate', {});
    await streamSettled();

    const after = await readViews(activeCustomers);
    expect(changes.length).toBeGreaterThan(activeCustomers.length);
    expect(await insightVersions()).toEqual(versionsBefore);
    expect(insightEventsPublished()).toBe(eventsBefore);
    expect(eventsBefore).toBeGreaterThanOrEqual(activeCustomers.length);
    expect(SegmentListSchema.parse(await get('/segments')).segments.map((s) => [s.segment, s.size])).toEqual(
      sizesBefore,
    );
    const histories = (source: Map<string, Customer360Response>) =>
      activeCustomers.map((id) => [id, source.get(id)?.insights.detail?.lifecycle.history.length]);
    expect(histories(after)).toEqual(histories(views));
  }, 300_000);
});
