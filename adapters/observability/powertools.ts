import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { RedactingLogFormatter } from './redacting-log-formatter.ts';

/**
 * hub360's one Powertools module. Naming scheme: the CloudWatch namespace is the product (`hub360`) and
 * the service is the function's topology name (`connector-sync`, `stream-publisher`, `api`, `local`), so
 * a log line and a metric of one function carry the same service and hub-monitoring's alarms find them.
 * Instances are created once per sandbox and shared, as Powertools recommends.
 */
export const METRICS_NAMESPACE = 'hub360';

export type ServiceName =
  | 'connector-sync'
  | 'stream-publisher'
  | 'insights'
  | 'demand-recompute'
  | 'demand-reevaluate'
  | 'coverage-sweep'
  | 'api'
  | 'local'
  | 'reactions'
  | 'store-check'
  | 'customer-view';

const loggers = new Map<string, Logger>();
const metrics = new Map<ServiceName, Metrics>();

/** The service's logger (level from POWERTOOLS_LOG_LEVEL unless given); every line passes the PII redaction. */
export const loggerFor = (
  service: ServiceName,
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT',
): Logger => {
  const key = `${service}:${logLevel ?? ''}`;
  let logger = loggers.get(key);
  if (!logger) {
    logger = new Logger({
      serviceName: service,
      ...(logLevel ? { logLevel } : {}),
      logFormatter: new RedactingLogFormatter(),
    });
    loggers.set(key, logger);
  }
  return logger;
};

/** The service's EMF metrics, in the hub360 namespace. */
export const metricsFor = (service: ServiceName): Metrics => {
  let instance = metrics.get(service);
  if (!instance) {
    instance = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: service });
    metrics.set(service, instance);
  }
  return instance;
};

/**
 * Adds a run's counts to its metrics, one Count metric per name. A scheduled run reports every count, zeros
 * included, so its alarms see a good day rather than no data.
 */
export const addCounts = (target: Metrics, counts: Readonly<Record<string, number>>): void => {
  for (const [name, value] of Object.entries(counts)) target.addMetric(name, MetricUnit.Count, value);
};
