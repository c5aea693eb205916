import type { UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { describe, expect, it } from 'vitest';
import { RedactingLogFormatter } from '../../../adapters/observability/redacting-log-formatter.ts';

const attributes: UnformattedAttributes = {
  awsRegion: 'eu-central-1',
  environment: '',
  logLevel: 'INFO',
  message: 'looked up email:dora@example.com',
  timestamp: new Date('2026-03-01T00:00:00Z'),
  serviceName: 'api',
  sampleRateValue: 0,
  xRayTraceId: undefined,
};

describe('RedactingLogFormatter', () => {
  it('leaves no e-mail in a line whose attributes hold the same customer twice or in a cycle', () => {
    const customer: Record<string, unknown> = { email: 'dora@example.com', note: 'mail dora@example.com' };
    customer.self = customer;
    const formatter = new RedactingLogFormatter();

    const line = JSON.stringify(
      formatter.formatAttributes(attributes, { before: customer, after: customer }).getAttributes(),
    );

    expect(line).not.toContain('dora@example.com');
    expect(line).toContain('"message":"looked up email:[redacted]"');
  });
});
