import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLocalHub } from '../../../infra/local/runtime.ts';
import { LocalSettingsSchema } from '../../../infra/local/settings.ts';
import { hubTopology } from '../../../infra/topology/index.ts';
import {
  settingsBlocks,
  settingsFromEnvironment,
  settingsFromStage,
  withSettings,
} from '../../../infra/topology/settings.ts';
import { demandConfigFromEnv } from '../../../schemas/config/demand-env.ts';
import { ConfigError } from '../../../schemas/config/parse-config.ts';
import { viewLimitsFromEnv } from '../../../schemas/config/view-env.ts';
import { problemsOf } from '../../support/config-problems.ts';

const root = join(import.meta.dirname, '../../..');

/** The module each block's reader lives in (`schemas/config/<name>-env.ts`). */
const readerModule: Readonly<Record<string, string>> = {
  HUB_INSIGHTS_CONFIG: 'insights-env.ts',
  HUB_DEMAND_CONFIG: 'demand-env.ts',
  HUB_REACTIONS_CONFIG: 'reactions-env.ts',
  HUB_VIEW_LIMITS: 'view-env.ts',
};

describe('settings blocks in the topology', () => {
  it('has every function that reads a block declare its variable, and no other function', () => {
    expect(Object.keys(readerModule).sort()).toEqual(settingsBlocks.map((b) => b.variable).sort());
    for (const [name, spec] of Object.entries(hubTopology.functions)) {
      const source = readFileSync(join(root, spec.entry), 'utf8');
      for (const [variable, module] of Object.entries(readerModule)) {
        const reads = source.includes(`schemas/config/${module}'`);
        expect({ name, variable, declared: variable in spec.environment }).toEqual({
          name,
          variable,
          declared: reads,
        });
      }
    }
  });

  it('gives every function reading a block the same validated value, defaults filled in', () => {
    const env = {
      HUB_DEMAND_CONFIG: '{"quoteWinRate":0.4,"plant":"2000"}',
      HUB_VIEW_LIMITS: '{"recentItems":30}',
    };

    const topology = withSettings(hubTopology, settingsFromEnvironment(env));

    const carrying = (variable: string) =>
      Object.entries(topology.functions)
        .filter(([, spec]) => variable in spec.environment)
        .map(([name, spec]) => [name, spec.environment[variable] ?? ''] as const);
    const demand = carrying('HUB_DEMAND_CONFIG');
    expect(demand.map(([name]) => name).sort()).toEqual([
      'api-demand',
      'demand-recompute',
      'demand-reevaluate',
    ]);
    for (const [, value] of demand) {
      expect(demandConfigFromEnv({ HUB_DEMAND_CONFIG: value })).toEqual(demandConfigFromEnv(env));
      expect(JSON.parse(value)).toMatchObject({
        quoteWinRate: 0.4,
        plant: '2000',
        webInterestWindowDays: 14,
      });
    }
    const reactions = carrying('HUB_REACTIONS_CONFIG').map(([name]) => name);
    expect(reactions.sort()).toEqual([
      'api-reactions',
      'coverage-sweep',
      'reaction-decisions',
      'retention-decisions',
    ]);
    const view = carrying('HUB_VIEW_LIMITS');
    expect(view.map(([name]) => name)).toEqual(['customer-view-projector']);
    expect(viewLimitsFromEnv({ HUB_VIEW_LIMITS: view[0]?.[1] }).recentItems).toBe(30);
    // The declarations themselves stay `{}`: only a deployment's settings fill them.
    expect(hubTopology.functions['demand-recompute']?.environment.HUB_DEMAND_CONFIG).toBe('{}');
  });

  it('names every wrong setting of the environment at once, each with its variable, field and value', () => {
    const problems = problemsOf(() =>
      settingsFromEnvironment({
        HUB_DEMAND_CONFIG: '{"quoteWinRate":4}',
        HUB_REACTIONS_CONFIG: 'grace=5',
        HUB_VIEW_LIMITS: '{"recentItem":30}',
      }),
    );

    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^HUB_DEMAND_CONFIG: quoteWinRate: .*<=1.* \(got 4\)$/);
    expect(problems[1]).toMatch(
      /^HUB_REACTIONS_CONFIG: \(root\): got "grace=5", expected a JSON object of reaction settings/,
    );
    expect(problems[2]).toMatch(
      /^HUB_VIEW_LIMITS: \(root\): unknown setting\(s\) recentItem; expected one of recentItems, /,
    );
  });

  it("names a stage's wrong setting by its field in the stage configuration", () => {
    const problems = problemsOf(() =>
      settingsFromStage('stage "qa"', {
        demand: { safetyStockByPart: { 'P-1': -2 } },
        viewLimits: { sectionBytes: { order: 'big' } },
      }),
    );

    expect(problems).toEqual([
      expect.stringMatching(/^demand\.safetyStockByPart\.P-1: .*>=0.* \(got -2\)$/),
      expect.stringMatching(/^viewLimits\.sectionBytes\.order: .*expected number.* \(got "big"\)$/),
    ]);
    expect(settingsFromStage('stage "qa"', {}).demand.plant).toBe('1000');
  });

  it('stops the local hub at start, before any process runs, when HUB_DEMAND_CONFIG is wrong', async () => {
    const previous = process.env.HUB_DEMAND_CONFIG;
    process.env.HUB_DEMAND_CONFIG = '{"planningPeriodDays":0}';
    try {
      const started = startLocalHub({
        settings: LocalSettingsSchema.parse({ dataDir: '/nonexistent/hub360-never-created', sandbox: false }),
      });

      await expect(started).rejects.toThrow(ConfigError);
      await expect(started).rejects.toThrow(/HUB_DEMAND_CONFIG: planningPeriodDays: .* \(got 0\)/);
    } finally {
      if (previous === undefined) delete process.env.HUB_DEMAND_CONFIG;
      else process.env.HUB_DEMAND_CONFIG = previous;
    }
  });
});
