import { describe, expect, it } from 'vitest';
import { isNoise, prettyLogLine } from '../../../infra/local/logging/pretty-console.ts';

describe('pretty log lines for the terminal', () => {
  it('renders a Powertools entry as one line with its extra keys', () => {
    const entry = JSON.stringify(
      {
        level: 'WARN',
        message: 'stream batch failed; retrying',
        timestamp: '2026-11-23T09:17:09.120Z',
        service: 'hub360-local',
        sampling_rate: 0,
        function: 'stream-publisher',
        retries: 2,
        failure: 'Error: boom now',
      },
      null,
      4,
    );

    expect(prettyLogLine(entry, false)).toBe(
      '09:17:09  WARN   hub360-local  stream batch failed; retrying  function=stream-publisher  retries=2  failure="Error: boom now"',
    );
  });

  it('names the function once instead of repeating the Lambda context on every line', () => {
    const entry = JSON.stringify({
      level: 'INFO',
      message: 'connector stream synced',
      timestamp: '2026-11-23T09:17:09.120Z',
      service: 'hub360',
      cold_start: false,
      function_arn: 'arn:aws:lambda:eu-central-1:000000000000:function:connector-sync',
      function_memory_size: 1024,
      function_name: 'connector-sync',
      function_request_id: 'e0e0d27f',
      stream: 'parts',
    });

    expect(prettyLogLine(entry, false)).toBe(
      '09:17:09  INFO   connector-sync  connector stream synced  stream=parts',
    );
  });

  it('treats Powertools’ notice about a run without metrics as noise', () => {
    expect(
      isNoise('No application metrics to publish. The cold-start metric may be published if enabled.'),
    ).toBe(true);
    expect(isNoise('connector stream synced')).toBe(false);
  });

  it('renders EMF metrics compactly', () => {
    const emf = JSON.stringify({ _aws: { CloudWatchMetrics: [] }, RecordsRead: 120, service: 'hub360' });

    expect(prettyLogLine(emf, false).trim()).toBe('METRIC RecordsRead=120');
  });

  it('leaves anything else untouched', () => {
    expect(prettyLogLine('plain text', false)).toBe('plain text');
    expect(prettyLogLine('[1,2]', false)).toBe('[1,2]');
    expect(prettyLogLine('{"not":"a log entry"}', false)).toBe('{"not":"a log entry"}');
  });
});
