import { describe, expect, it, vi } from 'vitest';
import { loggerFor, metricsFor } from '../../../adapters/observability/powertools.ts';
import {
  COVERAGE_SWEEP_SERVICE,
  coverageSweepMetricNames,
  reportCoverageSweep,
} from '../../../app/reactions/report-coverage-sweep.ts';
import type { CoverageSweepResult } from '../../../app/reactions/sweep-coverage.ts';
import { dailyRuns } from '../../../infra/aws/constructs/daily-run-alarms.ts';
import { takeStoredMetrics } from '../../support/emitted-metrics.ts';

const run = (overrides: Partial<CoverageSweepResult>): CoverageSweepResult => ({
  days: 31,
  due: 0,
  noticed: 0,
  alreadyNoticed: 0,
  changed: 0,
  gone: 0,
  moving: 0,
  notReached: 0,
  failed: [],
  ...overrides,
});

describe('reportCoverageSweep', () => {
  it('emits what the sweep did, failed and did not reach under the service its alarms watch', () => {
    const metrics = metricsFor(COVERAGE_SWEEP_SERVICE);

    reportCoverageSweep(
      run({
        due: 12,
        noticed: 7,
        notReached: 2,
        moving: 3,
        failed: [{ recordKey: 'k', endsOn: '2026-04-01', error: 'x' }],
      }),
      loggerFor(COVERAGE_SWEEP_SERVICE),
      metrics,
    );

    const emitted = takeStoredMetrics(metrics);
    expect(emitted.namespace).toBe('hub360');
    expect(emitted.dimensions).toEqual({ service: 'coverage-sweep' });
    expect(emitted.values).toEqual({
      [coverageSweepMetricNames.due]: 12,
      [coverageSweepMetricNames.noticed]: 7,
      [coverageSweepMetricNames.failed]: 1,
      [coverageSweepMetricNames.notReached]: 2,
      [coverageSweepMetricNames.moving]: 3,
    });
    // The alarms watch this very service and two of these names.
    expect(dailyRuns['coverage-sweep']?.service).toBe(COVERAGE_SWEEP_SERVICE);
    expect(dailyRuns['coverage-sweep']?.watches.map((w) => w.metricName)).toEqual([
      coverageSweepMetricNames.failed,
      coverageSweepMetricNames.notReached,
    ]);
  });

  it('logs failures and units not reached as errors, and none for a clean run', () => {
    const logger = loggerFor(COVERAGE_SWEEP_SERVICE);
    const error = vi.spyOn(logger, 'error');
    vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    const metrics = metricsFor(COVERAGE_SWEEP_SERVICE);
    const failed = Array.from({ length: 6 }, (_, i) => ({
      recordKey: `k${i}`,
      endsOn: '2026-04-01',
      error: 'e',
    }));

    reportCoverageSweep(run({ due: 9, notReached: 3, failed }), logger, metrics);
    reportCoverageSweep(run({ due: 2, noticed: 2 }), logger, metrics);
    takeStoredMetrics(metrics);

    expect(error.mock.calls).toEqual([
      ['due coverage not decided', { failed: failed.slice(0, 5) }],
      ['the run ran out of time before reaching every due unit', { notReached: 3 }],
    ]);
    vi.restoreAllMocks();
  });

  it('warns of units left due while a restructuring moved them, without an error', () => {
    const logger = loggerFor(COVERAGE_SWEEP_SERVICE);
    const error = vi.spyOn(logger, 'error');
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    const metrics = metricsFor(COVERAGE_SWEEP_SERVICE);

    reportCoverageSweep(run({ due: 3, noticed: 1, moving: 2 }), logger, metrics);
    reportCoverageSweep(run({ due: 1, noticed: 1 }), logger, metrics);
    takeStoredMetrics(metrics);

    expect(warn.mock.calls).toEqual([
      ['units being moved to another customer left due for the next run', { moving: 2 }],
    ]);
    expect(error).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });
});
