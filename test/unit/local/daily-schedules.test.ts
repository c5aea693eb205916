import { describe, expect, it } from 'vitest';
import { withLocalDailySchedules } from '../../../infra/local/scheduler/daily-schedules.ts';
import { readLocalSettings } from '../../../infra/local/settings.ts';
import { hubTopology } from '../../../infra/topology/index.ts';
import { COVERAGE_SCHEDULE_NAME } from '../../../infra/topology/parts/reaction-rules.ts';

const expressionOf = (schedules: readonly { name: string; expression: string }[], name: string) =>
  schedules.find((s) => s.name === name)?.expression;

describe('the daily coverage sweep on its two schedules', () => {
  it('runs daily after midnight UTC on AWS, one run at a time', () => {
    expect(expressionOf(hubTopology.schedules, COVERAGE_SCHEDULE_NAME)).toBe('cron(30 0 * * ? *)');
    expect(hubTopology.functions['coverage-sweep']).toMatchObject({
      entry: 'functions/coverage-sweep.ts',
      reservedConcurrency: 1,
      environment: { HUB_REACTIONS_CONFIG: '{}' },
    });
  });

  it('fires every 10 minutes locally unless HUB360_COVERAGE_SCHEDULE or the flag says otherwise', () => {
    const local = (argv: string[], env: NodeJS.ProcessEnv) => {
      const settings = readLocalSettings(argv, env);
      const schedules = withLocalDailySchedules(hubTopology.schedules, {
        insights: settings.insightsSchedule,
        demand: settings.demandSchedule,
        coverage: settings.coverageSchedule,
      });
      return expressionOf(schedules, COVERAGE_SCHEDULE_NAME);
    };

    expect(local([], {})).toBe('rate(10 minutes)');
    expect(local([], { HUB360_COVERAGE_SCHEDULE: 'rate(1 minute)' })).toBe('rate(1 minute)');
    expect(
      local(['--coverage-schedule', 'rate(2 minutes)'], { HUB360_COVERAGE_SCHEDULE: 'rate(1 minute)' }),
    ).toBe('rate(2 minutes)');
    expect(() => local([], { HUB360_COVERAGE_SCHEDULE: 'daily' })).toThrow(/HUB360_COVERAGE_SCHEDULE/);
  });
});
