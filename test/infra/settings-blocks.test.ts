import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resolveStageConfig } from '../../infra/aws/config/stage-config.ts';
import { HubStack } from '../../infra/aws/hub-stack.ts';
import { loadTopology } from '../../infra/topology/index.ts';
import { demandSettings } from '../../schemas/config/demand-env.ts';
import { INSIGHTS_CONFIG_VARIABLE } from '../../schemas/config/insights-env.ts';
import { fixtureEntryRoot } from './fixtures/topology.ts';
import { synthHubStack } from './support/synth-hub-stack.ts';

/** A function reading the insights configuration, one reading the demand configuration, and one reading neither. */
const topology = loadTopology([
  {
    functions: {
      'insights-recompute': {
        entry: 'functions/query-api.ts',
        description: 'Stands in for the insights recompute',
        environment: { [INSIGHTS_CONFIG_VARIABLE]: '{}' },
        grants: { table: 'readWrite' },
      },
      'demand-recompute': {
        entry: 'functions/query-api.ts',
        description: 'Stands in for the demand recompute',
        environment: { [demandSettings.variable]: '{}' },
        grants: { table: 'readWrite' },
      },
      'query-api': {
        entry: 'functions/query-api.ts',
        description: 'Reads no insights configuration',
        grants: { table: 'read' },
      },
    },
    streamSubscriptions: [],
    schedules: [],
    rules: [],
    routes: [],
  },
]);

const stageWith = (blocks: Record<string, unknown>) => ({
  stage: 'qa',
  jwtIssuer: 'https://issuer.example.com/',
  jwtAudience: 'hub360',
  hub360: { stages: { qa: blocks } },
});

const build = (blocks: Record<string, unknown>) =>
  new HubStack(new App(), 'hub360-qa', {
    config: resolveStageConfig(stageWith(blocks)),
    topology,
    entryRoot: fixtureEntryRoot,
  });

/** The parsed values of `variable` in every function that carries it. */
const valuesOf = (template: ReturnType<typeof synthHubStack>['template'], variable: string) =>
  Object.values(
    template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: Match.objectLike({ [variable]: Match.anyValue() }) } },
    }),
  ).map((f) => JSON.parse(f.Properties.Environment.Variables[variable]));

describe('settings blocks in the CDK stack', () => {
  it("stops synth before bundling when a stage's settings block is wrong, naming every field and value", () => {
    expect(() =>
      build({ insights: { lifecycle: { dormantMinIdleDays: 'six months' } }, demand: { quoteWinRate: 3 } }),
    ).toThrow(
      /CDK context for stage "qa"[\s\S]*insights\.lifecycle\.dormantMinIdleDays: .*\(got "six months"\)[\s\S]*demand\.quoteWinRate: .*\(got 3\)/,
    );
  });

  it('refuses a settings variable set per function, which could make two functions judge differently', () => {
    expect(() =>
      build({ functionEnvironment: { 'demand-recompute': { HUB_DEMAND_CONFIG: { quoteWinRate: 0.5 } } } }),
    ).toThrow(
      /functionEnvironment\.demand-recompute\.HUB_DEMAND_CONFIG: set the stage's "demand" block instead/,
    );
  });

  it("gives the demand functions the stage's demand block with every default filled in", () => {
    const { template } = synthHubStack(
      topology,
      resolveStageConfig(stageWith({ demand: { plant: '2000', safetyStockByPart: { 'P-1': 4 } } })),
      fixtureEntryRoot,
    );

    const values = valuesOf(template, demandSettings.variable);
    expect(values).toHaveLength(1);
    expect(values[0]).toMatchObject({ plant: '2000', safetyStockByPart: { 'P-1': 4 }, quoteWinRate: 0.3 });
  });

  it("gives the insights function the stage's settings with every default filled in, and no other function", () => {
    const { template } = synthHubStack(
      topology,
      resolveStageConfig(stageWith({ insights: { lifecycle: { dormantMinIdleDays: 240 } } })),
      fixtureEntryRoot,
    );

    const values = valuesOf(template, INSIGHTS_CONFIG_VARIABLE);
    expect(values).toHaveLength(1);
    expect(values[0].lifecycle).toMatchObject({ dormantMinIdleDays: 240, churnedAfterDays: 730 });
    expect(values[0].keyCustomers).toEqual({ revenueShare: 0.8, windowMonths: 12 });
  });
});
