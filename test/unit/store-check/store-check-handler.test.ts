import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loggerFor, metricsFor } from '../../../adapters/observability/powertools.ts';
import { reportStoreCheck, storeCheckMetricNames } from '../../../app/store-check/report-store-check.ts';
import type { StoreCheckReport } from '../../../app/store-check/run-store-check.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const context = { functionName: 'store-check', awsRequestId: 'req-1' } as unknown as Context;

type Handler = (event: unknown, context: Context) => Promise<unknown>;
let handler: Handler;

beforeAll(async () => {
  vi.stubEnv('HUB_STAGE', 'test');
  vi.stubEnv('HUB_TABLE_NAME', 'hub360-test-customer-360');
  vi.stubEnv('HUB_EVENT_BUS_NAME', 'hub360-test');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  ({ handler } = (await import('../../../functions/store-check.ts')) as { handler: Handler });
});
afterEach(() => {
  dynamo.reset();
  vi.restoreAllMocks();
});

describe('the store-check function', () => {
  it('scans the configured table and reports zero violations for a clean store', async () => {
    dynamo.on(ScanCommand).resolves({ Items: [] });
    const addMetric = vi.spyOn(metricsFor('store-check'), 'addMetric');

    const summary = await handler({ repair: true }, context);

    expect(summary).toEqual({
      counts: expect.objectContaining({ customers: 0, records: 0, identifiers: 0 }),
      violations: 0,
      repaired: 0,
      remaining: 0,
      payloadsStripped: 0,
    });
    expect(dynamo.commandCalls(ScanCommand)[0]?.args[0].input.TableName).toBe('hub360-test-customer-360');
    expect(addMetric).toHaveBeenCalledWith(storeCheckMetricNames.violations, 'Count', 0);
  });

  it('refuses an input it does not understand instead of guessing', async () => {
    await expect(handler({ repair: 'yes' }, context)).rejects.toThrow();
    expect(dynamo.commandCalls(ScanCommand)).toHaveLength(0);
  });
});

describe('reportStoreCheck', () => {
  it('counts found, repaired and remaining violations and logs each one', () => {
    const stranded = {
      kind: 'recordUnderInactiveCustomer',
      recordKey: 'order#bc#sales-orders#1',
      customerId: 'C-old',
      status: 'merged',
      survivorId: 'C-new',
    } as const;
    const erased = { ...stranded, recordKey: 'order#bc#sales-orders#2', status: 'erased' } as const;
    const report: StoreCheckReport = {
      counts: { customers: 2, records: 5, identifiers: 3 } as StoreCheckReport['counts'],
      violations: [stranded, erased],
      repaired: [stranded],
      skipped: [],
    };
    const metrics = metricsFor('store-check');
    const addMetric = vi.spyOn(metrics, 'addMetric');
    const logger = loggerFor('store-check');
    const error = vi.spyOn(logger, 'error');

    const summary = reportStoreCheck(report, logger, metrics);

    expect(summary).toMatchObject({ violations: 2, repaired: 1, remaining: 1 });
    expect(addMetric.mock.calls).toEqual([
      [storeCheckMetricNames.violations, 'Count', 2],
      [storeCheckMetricNames.repaired, 'Count', 1],
      [storeCheckMetricNames.remaining, 'Count', 1],
      [storeCheckMetricNames.payloadsStripped, 'Count', 0],
    ]);
    expect(error.mock.calls.map(([message]) => message)).toEqual([
      'store invariant violated, repaired',
      'store invariant violated',
    ]);
  });

  it('counts legacy decision payloads it stripped apart from the violations, and logs none of them as one', () => {
    // prepare: a stranded record and two markers from before the split, one rewritten, one that lost a race
    const stranded = {
      kind: 'recordUnderInactiveCustomer',
      recordKey: 'order#bc#sales-orders#1',
      customerId: 'C-old',
      status: 'merged',
    } as const;
    const stripped = { kind: 'decisionKeepsPayload', reactionKey: 'retention:C-new:2026-03' } as const;
    const raced = { kind: 'decisionKeepsPayload', reactionKey: 'retention:C-new:2026-04' } as const;
    const report: StoreCheckReport = {
      counts: { customers: 1, records: 1, identifiers: 0 } as StoreCheckReport['counts'],
      violations: [stripped, stranded, raced],
      repaired: [stripped],
      skipped: [raced],
    };
    const metrics = metricsFor('store-check');
    const addMetric = vi.spyOn(metrics, 'addMetric');
    const logger = loggerFor('store-check');
    const error = vi.spyOn(logger, 'error');

    // act
    const summary = reportStoreCheck(report, logger, metrics);

    // assert
    expect(summary).toMatchObject({ violations: 1, repaired: 0, remaining: 2, payloadsStripped: 1 });
    expect(addMetric.mock.calls).toContainEqual([storeCheckMetricNames.violations, 'Count', 1]);
    expect(addMetric.mock.calls).toContainEqual([storeCheckMetricNames.payloadsStripped, 'Count', 1]);
    expect(error.mock.calls).toEqual([
      [
        'store invariant violated',
        { kind: stranded.kind, problem: expect.stringContaining(stranded.recordKey) },
      ],
    ]);
  });
});
