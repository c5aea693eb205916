import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { StreamRunStatus } from '../../core/ports/connector-state.ts';
import type { ConnectorSyncResult } from './run-connector-sync.ts';

/** Logs each stream's run and emits its counters as metrics with connector and stream dimensions. */
export const reportRun = (result: ConnectorSyncResult, logger: Logger, metrics: Metrics): void => {
  if (result.skipped) {
    logger.info('connector sync skipped: another run holds the lease', { connector: result.connector });
    emitRunMetric(metrics, result.connector, 'SyncSkipped');
    return;
  }
  if (result.stopped !== undefined)
    logger.info('connector sync stopped; the next run resumes from its checkpoints', {
      connector: result.connector,
      reason: result.stopped,
    });
  for (const status of result.streams) {
    const fields = { ...status };
    if (status.status === 'failed') logger.error('connector stream sync failed', fields);
    else if (status.warnings?.length) logger.warn('connector stream synced with warnings', fields);
    else logger.info('connector stream synced', fields);
    emitStreamMetrics(status, metrics);
  }
  // The heartbeat: an alarm fires when a connector goes several schedule periods without this datapoint.
  if (result.stopped === undefined && result.streams.every((status) => status.status !== 'failed')) {
    emitRunMetric(metrics, result.connector, 'SyncSucceeded');
  }
};

/** A per-run count with the connector dimension only, so one alarm per connector can watch it. */
const emitRunMetric = (metrics: Metrics, connector: string, name: 'SyncSkipped' | 'SyncSucceeded'): void => {
  const metric = metrics.singleMetric();
  metric.addDimensions({ connector });
  metric.addMetric(name, MetricUnit.Count, 1);
};

const emitStreamMetrics = (status: StreamRunStatus, metrics: Metrics): void => {
  const metric = metrics.singleMetric();
  metric.addDimensions({ connector: status.connector, stream: status.stream });
  metric.addMetric('RecordsRead', MetricUnit.Count, status.recordsRead);
  metric.addMetric('RecordsWritten', MetricUnit.Count, status.recordsWritten);
  metric.addMetric('RecordsQuarantined', MetricUnit.Count, status.recordsQuarantined);
  metric.addMetric('RecordsDeleted', MetricUnit.Count, status.recordsDeleted);
  metric.addMetric('RecordsReleased', MetricUnit.Count, status.recordsReleased ?? 0);
  metric.addMetric('Pages', MetricUnit.Count, status.pages);
  metric.addMetric('Requests', MetricUnit.Count, status.requests);
  metric.addMetric('Retries', MetricUnit.Count, status.retries);
  metric.addMetric('SyncDuration', MetricUnit.Milliseconds, status.durationMs);
  metric.addMetric('SyncFailed', MetricUnit.Count, status.status === 'failed' ? 1 : 0);
  if (status.lagMs !== undefined)
    metric.addMetric('LagSeconds', MetricUnit.Seconds, Math.round(status.lagMs / 1000));
};
