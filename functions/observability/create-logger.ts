import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { RedactingLogFormatter } from './redacting-log-formatter.ts';

export interface HubLoggerOptions {
  readonly serviceName: string;
  /** @default POWERTOOLS_LOG_LEVEL, else INFO */
  readonly logLevel?: LogLevel;
}

/** The one way the hub makes a logger: Powertools with the redacting formatter, so no log line carries PII. */
export const createLogger = (options: HubLoggerOptions): Logger =>
  new Logger({
    serviceName: options.serviceName,
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    logFormatter: new RedactingLogFormatter(),
  });
