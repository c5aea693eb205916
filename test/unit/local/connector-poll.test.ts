import { describe, expect, it } from 'vitest';
import { withLocalConnectorPoll } from '../../../infra/local/scheduler/connector-poll.ts';
import { parseScheduleExpression } from '../../../infra/local/scheduler/schedule-expression.ts';
import { readLocalSettings } from '../../../infra/local/settings.ts';
import type { ScheduleSpec } from '../../../infra/topology/schema.ts';

const schedule = (name: string, input: Record<string, unknown>): ScheduleSpec =>
  ({ name, expression: 'rate(5 minutes)', function: 'connector-sync', input }) as ScheduleSpec;

describe('the local fast-poll setting', () => {
  it('makes every connector sync fire every so many seconds and leaves other schedules alone', () => {
    const schedules = [schedule('sync-sap-s4', { connector: 'sap-s4' }), schedule('insights', {})];

    const polled = withLocalConnectorPoll(schedules, 5);

    expect(polled.map((s) => s.expression)).toEqual(['rate(5 seconds)', 'rate(5 minutes)']);
    expect(parseScheduleExpression(polled[0]?.expression ?? '')).toEqual({ kind: 'rate', everyMs: 5_000 });
  });

  it('keeps the configured schedules when the setting is not given', () => {
    const schedules = [schedule('sync-sap-s4', { connector: 'sap-s4' })];

    expect(withLocalConnectorPoll(schedules, undefined)).toEqual(schedules);
  });

  it('reads HUB360_CONNECTOR_POLL_SECONDS, and the flag wins over it', () => {
    expect(readLocalSettings([], { HUB360_CONNECTOR_POLL_SECONDS: '3' }).connectorPollSeconds).toBe(3);
    expect(
      readLocalSettings(['--connector-poll-seconds', '2'], { HUB360_CONNECTOR_POLL_SECONDS: '3' })
        .connectorPollSeconds,
    ).toBe(2);
    expect(readLocalSettings([], {}).connectorPollSeconds).toBeUndefined();
  });

  it('names the variable and flag when the value is not a whole number of seconds', () => {
    expect(() => readLocalSettings([], { HUB360_CONNECTOR_POLL_SECONDS: '0.5' })).toThrow(
      /HUB360_CONNECTOR_POLL_SECONDS \(--connector-poll-seconds\)/,
    );
  });
});
