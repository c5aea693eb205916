import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { addCounts, type ServiceName } from '../../adapters/observability/powertools.ts';
import type { StoreViolation } from '../../core/store-check/check-store-invariants.ts';
import { describeViolation, type StoreCheckReport } from './run-store-check.ts';

/** The Powertools service the store check logs and emits under; its alarm watches this dimension. */
export const STORE_CHECK_SERVICE = 'store-check' satisfies ServiceName;

/** Metric names of the scheduled store check (namespace `hub360`, service `store-check`); alarmed on violations. */
export const storeCheckMetricNames = {
  /** Invariant violations the run found, repaired or not: any is a bug in the write paths worth a look. */
  violations: 'StoreInvariantViolations',
  repaired: 'StoreInvariantRepairs',
  /** Violations still in the store after the run (not repairable, or the repair lost a race). */
  remaining: 'StoreInvariantViolationsLeft',
  /**
   * Decision markers from before the announcement took the payload, rewritten without it: a clean-up of old
   * data, not a bug, so neither counted as a violation nor alarmed (privacy: docs/privacy.md).
   */
  payloadsStripped: 'DecisionPayloadsStripped',
} as const;

/** A finding that cleans up what an earlier version wrote, rather than breaking an invariant. */
const isCleanUp = (violation: StoreViolation) => violation.kind === 'decisionKeepsPayload';

/** The run's outcome in numbers, as the function returns it. */
export interface StoreCheckSummary {
  readonly counts: StoreCheckReport['counts'];
  readonly violations: number;
  readonly repaired: number;
  readonly remaining: number;
  /** Legacy decision markers rewritten without their payload (not among the violations). */
  readonly payloadsStripped: number;
}

/** Most violation lines one run logs; the counts say how many there were in all. */
const MAX_LOGGED = 50;

/** Logs what a store check found and repaired and emits its counts as metrics. */
export const reportStoreCheck = (
  report: StoreCheckReport,
  logger: Logger,
  metrics: Metrics,
): StoreCheckSummary => {
  const violations = report.violations.filter((v) => !isCleanUp(v));
  const repaired = report.repaired.filter((v) => !isCleanUp(v));
  const summary: StoreCheckSummary = {
    counts: report.counts,
    violations: violations.length,
    repaired: repaired.length,
    // A legacy marker left with its payload (the rewrite lost a race) stays to do, like any other finding.
    remaining: report.violations.length - report.repaired.length,
    payloadsStripped: report.repaired.length - repaired.length,
  };
  addCounts(metrics, {
    [storeCheckMetricNames.violations]: summary.violations,
    [storeCheckMetricNames.repaired]: summary.repaired,
    [storeCheckMetricNames.remaining]: summary.remaining,
    [storeCheckMetricNames.payloadsStripped]: summary.payloadsStripped,
  });
  for (const violation of violations.slice(0, MAX_LOGGED)) {
    const repaired = report.repaired.includes(violation);
    logger.error(repaired ? 'store invariant violated, repaired' : 'store invariant violated', {
      kind: violation.kind,
      problem: describeViolation(violation),
    });
  }
  logger.info('store check finished', { ...summary });
  return summary;
};
