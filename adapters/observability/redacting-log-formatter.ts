import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { redactLogValue, redactText } from '../../core/privacy/redact-for-log.ts';

/**
 * The Powertools log structure (same keys as its default formatter) with identifiers, personal data and
 * credentials redacted from the message, every attribute and every error's message and stack. Every hub
 * logger uses it, so redaction happens in the one place all log lines pass through, at every level.
 */
export class RedactingLogFormatter extends LogFormatter {
  public override formatAttributes(
    attributes: UnformattedAttributes,
    additionalLogAttributes: LogAttributes,
  ): LogItem {
    const base = {
      level: attributes.logLevel,
      message: redactText(attributes.message),
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      cold_start: attributes.lambdaContext?.coldStart,
      function_arn: attributes.lambdaContext?.invokedFunctionArn,
      function_memory_size: attributes.lambdaContext?.memoryLimitInMB,
      function_name: attributes.lambdaContext?.functionName,
      function_request_id: attributes.lambdaContext?.awsRequestId,
      sampling_rate: attributes.sampleRateValue,
      xray_trace_id: attributes.xRayTraceId,
    };
    return new LogItem({ attributes: base }).addAttributes(
      redactLogValue(additionalLogAttributes) as LogAttributes,
    );
  }

  public override formatError(error: Error): LogAttributes {
    const formatted = super.formatError(error);
    return redactLogValue(formatted) as LogAttributes;
  }
}
