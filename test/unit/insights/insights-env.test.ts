import { describe, expect, it } from 'vitest';
import { startLocalHub } from '../../../infra/local/runtime.ts';
import { LocalSettingsSchema } from '../../../infra/local/settings.ts';
import { hubTopology } from '../../../infra/topology/index.ts';
import { settingsFromEnvironment, withSettings } from '../../../infra/topology/settings.ts';
import { defaultInsightsConfig } from '../../../schemas/config/insights-config.ts';
import {
  INSIGHTS_CONFIG_VARIABLE,
  insightsConfigFromEnv,
  parseInsightsConfig,
} from '../../../schemas/config/insights-env.ts';
import { ConfigError } from '../../../schemas/config/parse-config.ts';
import { problemsOf } from '../../support/config-problems.ts';

describe('HUB_INSIGHTS_CONFIG', () => {
  it('gives the documented B2B defaults when unset or empty', () => {
    const unset = insightsConfigFromEnv({});
    const empty = insightsConfigFromEnv({ [INSIGHTS_CONFIG_VARIABLE]: '  ' });

    expect(unset).toEqual(defaultInsightsConfig);
    expect(empty).toEqual(defaultInsightsConfig);
    expect([
      unset.lifecycle.interestWindowDays,
      unset.lifecycle.defaultPurchaseIntervalDays,
      unset.lifecycle.dormantIntervalFactor,
      unset.lifecycle.dormantMinIdleDays,
      unset.lifecycle.churnedAfterDays,
      unset.churn.raiseAtScore,
      unset.churn.clearBelowScore,
      unset.status.elevatedOverdueDays,
      unset.status.highOverdueDays,
      unset.keyCustomers.revenueShare,
      unset.keyCustomers.windowMonths,
    ]).toEqual([90, 120, 2, 180, 730, 60, 35, 15, 60, 0.8, 12]);
  });

  it('overrides only the fields given and keeps every other default', () => {
    const config = insightsConfigFromEnv({
      [INSIGHTS_CONFIG_VARIABLE]:
        '{"lifecycle":{"dormantMinIdleDays":240},"keyCustomers":{"revenueShare":0.7}}',
    });

    expect(config.lifecycle.dormantMinIdleDays).toBe(240);
    expect(config.keyCustomers).toEqual({ revenueShare: 0.7, windowMonths: 12 });
    expect(config.lifecycle.churnedAfterDays).toBe(730);
    expect(config.churn).toEqual(defaultInsightsConfig.churn);
  });

  it('names the field, the value found and what was expected for each wrong setting', () => {
    const problems = problemsOf(() =>
      insightsConfigFromEnv({
        [INSIGHTS_CONFIG_VARIABLE]: JSON.stringify({
          lifecycle: { dormantMinIdleDays: -5 },
          keyCustomers: { revenueShare: '80%' },
          churn: { clearBelowScore: 70 },
        }),
      }),
    );

    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^lifecycle\.dormantMinIdleDays: .*>0.* \(got -5\)$/),
        expect.stringMatching(/^keyCustomers\.revenueShare: .*expected number.* \(got "80%"\)$/),
        'churn.clearBelowScore: must not be above raiseAtScore (got 70)',
      ]),
    );
  });

  it('names an unknown setting and lists the known ones of its block', () => {
    const problems = problemsOf(() =>
      insightsConfigFromEnv({ [INSIGHTS_CONFIG_VARIABLE]: '{"status":{"overdueDays":30}}' }),
    );

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^status: unknown setting\(s\) overdueDays; expected one of elevatedOverdueDays, /,
    );
  });

  it('refuses text that is not a JSON object, quoting what it got', () => {
    const notJson = problemsOf(() => insightsConfigFromEnv({ [INSIGHTS_CONFIG_VARIABLE]: 'dormant=240' }));
    const array = problemsOf(() => insightsConfigFromEnv({ [INSIGHTS_CONFIG_VARIABLE]: '[240]' }));

    expect(notJson[0]).toMatch(/^\(root\): got "dormant=240", expected a JSON object of insights settings/);
    expect(array[0]).toMatch(/^\(root\): got \[240\], expected a JSON object/);
  });

  it('puts a block inside a larger configuration under its own field name', () => {
    const problems = problemsOf(() =>
      parseInsightsConfig({ lifecycle: { churnedAfterDays: 0 } }, { fieldPrefix: 'insights' }),
    );

    expect(problems[0]).toMatch(/^insights\.lifecycle\.churnedAfterDays: .* \(got 0\)$/);
  });
});

describe('insights configuration through the topology', () => {
  it('hands the validated settings to both insights functions and to no other function', () => {
    const env = { [INSIGHTS_CONFIG_VARIABLE]: '{"lifecycle":{"dormantMinIdleDays":240}}' };
    const config = insightsConfigFromEnv(env);

    const topology = withSettings(hubTopology, settingsFromEnvironment(env));

    const carrying = Object.entries(topology.functions)
      .filter(([, spec]) => INSIGHTS_CONFIG_VARIABLE in spec.environment)
      .map(([name]) => name);
    expect(carrying).toEqual(['insights-recompute', 'insights-reevaluate']);
    for (const name of carrying) {
      const value = topology.functions[name]?.environment[INSIGHTS_CONFIG_VARIABLE] ?? '';
      expect(insightsConfigFromEnv({ [INSIGHTS_CONFIG_VARIABLE]: value })).toEqual(config);
    }
    expect(hubTopology.functions['insights-recompute']?.environment[INSIGHTS_CONFIG_VARIABLE]).toBe('{}');
  });

  it('stops the local hub at start, before any process runs, when HUB_INSIGHTS_CONFIG is wrong', async () => {
    const previous = process.env[INSIGHTS_CONFIG_VARIABLE];
    process.env[INSIGHTS_CONFIG_VARIABLE] = '{"keyCustomers":{"revenueShare":1.5}}';
    try {
      const started = startLocalHub({
        settings: LocalSettingsSchema.parse({ dataDir: '/nonexistent/hub360-never-created', sandbox: false }),
      });

      await expect(started).rejects.toThrow(ConfigError);
      await expect(started).rejects.toThrow(/keyCustomers\.revenueShare: .* \(got 1\.5\)/);
    } finally {
      if (previous === undefined) delete process.env[INSIGHTS_CONFIG_VARIABLE];
      else process.env[INSIGHTS_CONFIG_VARIABLE] = previous;
    }
  });
});
