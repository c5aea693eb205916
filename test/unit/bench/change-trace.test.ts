import { describe, expect, it } from 'vitest';
import type { InvocationTrace } from '../../../infra/local/functions/local-functions.ts';
import { traceChange } from '../../bench/freshness/change-trace.ts';

const run = (
  name: string,
  startedAt: number,
  finishedAt: number,
  event: unknown,
  result: unknown = undefined,
): InvocationTrace => ({ function: name, event, startedAt, finishedAt, failed: false, result });
const records = (...keys: [string, string][]) => ({
  Records: keys.map(([pk, sk]) => ({ dynamodb: { Keys: { pk: { S: pk }, sk: { S: sk } } } })),
});

describe('freshness bench: tracing one change', () => {
  it('splits change → reaction into the poll wait and the stages after it', () => {
    const invocations = [
      run('connector-sync', 1_000, 1_900, { connector: 'sap-s4' }, { caughtUp: true, skipped: 'locked' }),
      run('connector-sync', 1_500, 2_600, { connector: 'sap-s4' }, { caughtUp: true }),
      run('demand-recompute', 2_000, 2_300, records(['CUST#c', 'REC#order#sap-s4#sales-orders#42'])),
      run('stream-publisher', 2_400, 2_500, records(['PRODUCT#P-1', 'DEMAND-SIGNAL'])),
    ];

    const trace = traceChange(
      { changedAt: 1_000, lagMs: 250, orderKey: '42', partNumber: 'P-1', arrivedAt: 2_520 },
      invocations,
      [{ connector: 'sap-s4', reads: [900, 1_700], carries: (key) => key.includes('#sales-orders#42') }],
    );

    expect(trace).toEqual({
      endToEndMs: 1_520,
      pollWaitMs: 250,
      overPollMs: 1_270,
      enteredThrough: 'sap-s4',
      syncFinished: true,
      stages: {
        lagAndPollWait: 500,
        syncUntilRead: 200,
        ingestAndStream: 300,
        demandEvaluation: 300,
        signalStream: 100,
        publish: 100,
        busToTarget: 20,
      },
    });
  });
});
