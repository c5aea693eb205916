import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loggerFor, metricsFor } from '../../../adapters/observability/powertools.ts';
import type { PopulationRunResult } from '../../../app/insights/reevaluate-population.ts';
import {
  POPULATION_RUN_SERVICE,
  populationRunMetricNames,
  reportPopulationRun,
} from '../../../app/insights/report-population-run.ts';
import { captureEmittedMetrics, takeStoredMetrics } from '../../support/emitted-metrics.ts';

const run = (overrides: Partial<PopulationRunResult>): PopulationRunResult => ({
  customers: 0,
  written: 0,
  keyCustomers: 0,
  rfmPopulation: 0,
  notReached: 0,
  failed: [],
  ...overrides,
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('reportPopulationRun', () => {
  it('emits the customers re-evaluated, failed and written and the key customers, under the insights service', () => {
    const metrics = metricsFor(POPULATION_RUN_SERVICE);
    const result = run({
      customers: 50,
      written: 12,
      keyCustomers: 9,
      rfmPopulation: 48,
      notReached: 5,
      failed: [
        { customerId: 'C-1', error: 'conflict after 5 attempts' },
        { customerId: 'C-2', error: 'timeout' },
      ],
    });

    reportPopulationRun(result, loggerFor(POPULATION_RUN_SERVICE), metrics);

    const emitted = takeStoredMetrics(metrics);
    expect(emitted.namespace).toBe('hub360');
    expect(emitted.dimensions).toEqual({ service: 'insights' });
    expect(emitted.values).toEqual({
      [populationRunMetricNames.reevaluated]: 43,
      [populationRunMetricNames.failed]: 2,
      [populationRunMetricNames.notReached]: 5,
      [populationRunMetricNames.written]: 12,
      [populationRunMetricNames.keyCustomers]: 9,
    });
    expect(new Set(Object.values(emitted.units))).toEqual(new Set(['Count']));
  });

  it('logs the failed customers by id as an error, and no error for a clean run', () => {
    const logger = loggerFor(POPULATION_RUN_SERVICE);
    const error = vi.spyOn(logger, 'error');
    const info = vi.spyOn(logger, 'info');
    const failed = Array.from({ length: 6 }, (_, i) => ({ customerId: `C-${i}`, error: 'boom' }));
    const metrics = metricsFor(POPULATION_RUN_SERVICE);

    reportPopulationRun(run({ customers: 10, notReached: 3, failed }), logger, metrics);
    reportPopulationRun(run({ customers: 10, written: 1 }), logger, metrics);
    const emitted = takeStoredMetrics(metrics);

    expect(error.mock.calls).toEqual([
      ['customers not re-evaluated', { failed: failed.slice(0, 5) }],
      ['the run ran out of time before reaching every customer', { notReached: 3 }],
    ]);
    expect(info.mock.calls.map(([message, fields]) => [message, fields])).toEqual([
      ['population re-evaluated', expect.objectContaining({ customers: 10, failed: 6 })],
      ['population re-evaluated', expect.objectContaining({ customers: 10, failed: 0 })],
    ]);
    // Two runs in one buffer keep both values; a Lambda flushes after each invocation.
    expect(emitted.values[populationRunMetricNames.failed]).toEqual([6, 0]);
  });
});

describe('the insights-reevaluate function', () => {
  const dynamo = mockClient(DynamoDBDocumentClient);
  const context = {
    functionName: 'insights-reevaluate',
    awsRequestId: 'req-1',
    getRemainingTimeInMillis: () => 900_000,
  } as unknown as Context;
  type Handler = (event: unknown, context: Context) => Promise<unknown>;
  let handler: Handler;

  beforeAll(async () => {
    vi.stubEnv('HUB_STAGE', 'test');
    vi.stubEnv('HUB_TABLE_NAME', 'hub360-test-customer-360');
    vi.stubEnv('HUB_EVENT_BUS_NAME', 'hub360-test');
    // What the stack sets: the function's topology name, not the service its logs and metrics carry.
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'insights-reevaluate');
    ({ handler } = (await import('../../../functions/insights-reevaluate.ts')) as { handler: Handler });
  });
  afterEach(() => {
    dynamo.reset();
  });

  it('flushes the run metrics once per invocation, with the service dimension its alarm watches', async () => {
    // An empty population: no segment members, no stored boundaries; the population item is written.
    dynamo.onAnyCommand().resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [] });

    const emitted = await captureEmittedMetrics(() => handler({}, context));

    expect(emitted).toHaveLength(1);
    expect(emitted[0]?.namespace).toBe('hub360');
    expect(emitted[0]?.dimensions).toEqual({ service: POPULATION_RUN_SERVICE });
    expect(emitted[0]?.values).toMatchObject({
      [populationRunMetricNames.reevaluated]: 0,
      [populationRunMetricNames.failed]: 0,
    });
  });
});
