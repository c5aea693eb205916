import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loggerFor, metricsFor } from '../../../adapters/observability/powertools.ts';
import type { DemandRunResult } from '../../../app/demand/reevaluate-demand.ts';
import {
  DEMAND_RUN_SERVICE,
  demandRunMetricNames,
  reportDemandRun,
} from '../../../app/demand/report-demand-run.ts';
import { captureEmittedMetrics, takeStoredMetrics } from '../../support/emitted-metrics.ts';

const run = (overrides: Partial<DemandRunResult>): DemandRunResult => ({
  parts: 0,
  raised: 0,
  superseded: 0,
  withdrawn: 0,
  unchanged: 0,
  unwatched: 0,
  notReached: 0,
  upToDate: 0,
  overdue: 0,
  failed: [],
  ...overrides,
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('reportDemandRun', () => {
  it('emits what the run did, failed, did not reach and left overdue, in the hub360 namespace under its service', () => {
    const metrics = metricsFor(DEMAND_RUN_SERVICE);
    const result = run({
      parts: 10,
      raised: 2,
      superseded: 1,
      withdrawn: 1,
      unchanged: 2,
      unwatched: 3,
      notReached: 3,
      upToDate: 40,
      overdue: 5,
      failed: [{ partNumber: 'P-7', error: 'ProvisionedThroughputExceededException: slow down' }],
    });

    reportDemandRun(result, loggerFor(DEMAND_RUN_SERVICE), metrics);

    const emitted = takeStoredMetrics(metrics);
    expect(emitted.namespace).toBe('hub360');
    expect(emitted.dimensions).toEqual({ service: 'demand-reevaluate' });
    expect(emitted.values).toEqual({
      [demandRunMetricNames.reevaluated]: 6,
      [demandRunMetricNames.failed]: 1,
      [demandRunMetricNames.notReached]: 3,
      [demandRunMetricNames.overdue]: 5,
      [demandRunMetricNames.upToDate]: 40,
      [demandRunMetricNames.raised]: 2,
      [demandRunMetricNames.superseded]: 1,
      [demandRunMetricNames.withdrawn]: 1,
      [demandRunMetricNames.unwatched]: 3,
    });
    expect(new Set(Object.values(emitted.units))).toEqual(new Set(['Count']));
  });

  it('emits zeros for a clean run, so the alarms see a good day rather than no data', () => {
    const metrics = metricsFor(DEMAND_RUN_SERVICE);

    reportDemandRun(run({ parts: 4, unchanged: 4 }), loggerFor(DEMAND_RUN_SERVICE), metrics);

    expect(takeStoredMetrics(metrics).values).toMatchObject({
      [demandRunMetricNames.reevaluated]: 4,
      [demandRunMetricNames.failed]: 0,
      [demandRunMetricNames.notReached]: 0,
      [demandRunMetricNames.overdue]: 0,
    });
  });

  it('logs the failed parts by name and overdue parts as errors, parts left to the next run as information', () => {
    const logger = loggerFor(DEMAND_RUN_SERVICE);
    const error = vi.spyOn(logger, 'error');
    const info = vi.spyOn(logger, 'info');
    const failed = Array.from({ length: 7 }, (_, i) => ({ partNumber: `P-${i}`, error: 'boom' }));
    const metrics = metricsFor(DEMAND_RUN_SERVICE);

    reportDemandRun(run({ parts: 20, notReached: 2, overdue: 3, failed }), logger, metrics);
    reportDemandRun(run({ parts: 1, unchanged: 1 }), logger, metrics);
    takeStoredMetrics(metrics);

    expect(error.mock.calls).toEqual([
      ['parts not re-evaluated', { failed: failed.slice(0, 5) }],
      ['watched parts not re-decided for more than a day', { overdue: 3 }],
    ]);
    expect(info.mock.calls).toEqual([
      ['demand re-evaluated', expect.objectContaining({ parts: 20, failed: 7, notReached: 2, overdue: 3 })],
      ['the run ran out of time; the next run takes the parts it did not reach', { notReached: 2 }],
      ['demand re-evaluated', expect.objectContaining({ parts: 1, failed: 0, notReached: 0 })],
    ]);
  });
});

describe('the demand-reevaluate function', () => {
  const dynamo = mockClient(DynamoDBDocumentClient);
  const context = {
    functionName: 'demand-reevaluate',
    awsRequestId: 'req-1',
    getRemainingTimeInMillis: () => 900_000,
  } as unknown as Context;
  type Handler = (event: unknown, context: Context) => Promise<unknown>;
  let handler: Handler;

  beforeAll(async () => {
    vi.stubEnv('HUB_STAGE', 'test');
    vi.stubEnv('HUB_TABLE_NAME', 'hub360-test-customer-360');
    vi.stubEnv('HUB_EVENT_BUS_NAME', 'hub360-test');
    // What the stack sets: the function's topology name, which the explicit service must not lose to.
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'demand-reevaluate');
    ({ handler } = (await import('../../../functions/demand-reevaluate.ts')) as { handler: Handler });
  });
  afterEach(() => {
    dynamo.reset();
  });

  it('flushes the run metrics once per invocation, with the service dimension its alarms watch', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });

    const emitted = await captureEmittedMetrics(() => handler({}, context));

    expect(emitted).toHaveLength(1);
    expect(emitted[0]?.namespace).toBe('hub360');
    expect(emitted[0]?.dimensions).toEqual({ service: DEMAND_RUN_SERVICE });
    expect(emitted[0]?.values).toMatchObject({
      [demandRunMetricNames.failed]: 0,
      [demandRunMetricNames.overdue]: 0,
    });
  });
});
