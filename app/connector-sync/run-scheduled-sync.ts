import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import {
  type ConnectorSyncService,
  type SyncOptions,
  UnknownConnectorError,
} from './connector-sync-service.ts';
import { reportRun } from './report-run.ts';
import type { ConnectorSyncRequest } from './sync-request.ts';

/** What a scheduled sync invocation answers (visible in the Lambda console and the local CLI). */
export interface ScheduledSyncResult {
  readonly connector: string;
  readonly caughtUp: boolean;
  readonly continued?: boolean;
  readonly skipped?: 'locked' | 'not configured';
  readonly failed?: readonly string[];
  /** Stopped before its end (the hub stopping, the lease lost): not a failure, so nothing is dead-lettered. */
  readonly stopped?: string;
}

/**
 * One scheduled (or continued) sync of one connector: runs it, reports each stream's run as logs and
 * metrics, and treats a schedule for a connector this deployment does not run as skipped, not failed.
 */
export const runScheduledSync = async (
  service: ConnectorSyncService,
  request: ConnectorSyncRequest,
  options: SyncOptions,
  observe: { readonly logger: Logger; readonly metrics: Metrics },
): Promise<ScheduledSyncResult> => {
  try {
    const outcome = await service.sync(request, options);
    reportRun(outcome, observe.logger, observe.metrics);
    return {
      connector: outcome.connector,
      caughtUp: outcome.caughtUp,
      continued: outcome.continued,
      skipped: outcome.skipped,
      failed: outcome.failed,
      ...(outcome.stopped === undefined ? {} : { stopped: outcome.stopped }),
    };
  } catch (err: unknown) {
    // A schedule for a connector this deployment does not run is not an error worth retrying.
    if (err instanceof UnknownConnectorError) {
      observe.logger.warn(err.message);
      return { connector: request.connector, caughtUp: true, skipped: 'not configured' };
    }
    throw err;
  }
};
