import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resolveStageConfig } from '../../infra/aws/config/stage-config.ts';
import { HubStack } from '../../infra/aws/hub-stack.ts';
import { loadTopology } from '../../infra/topology/index.ts';
import { INSIGHTS_CONFIG_VARIABLE } from '../../schemas/config/insights-env.ts';
import { fixtureEntryRoot } from './fixtures/topology.ts';
import { synthHubStack } from './support/synth-hub-stack.ts';

/** One function that reads the insights configuration, as the insights part declares it, and one that does not. */
const topology = loadTopology([
  {
    functions: {
      'insights-recompute': {
        entry: 'functions/query-api.ts',
        description: 'Stands in for the insights recompute',
        environment: { [INSIGHTS_CONFIG_VARIABLE]: '{}' },
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

const stageWith = (insights: unknown) => ({
  stage: 'qa',
  jwtIssuer: 'https://issuer.example.com/',
  jwtAudience: 'hub360',
  hub360: { stages: { qa: { insights } } },
});

const build = (insights: unknown) =>
  new HubStack(new App(), 'hub360-qa', {
    config: resolveStageConfig(stageWith(insights)),
    topology,
    entryRoot: fixtureEntryRoot,
  });

describe('insights configuration in the CDK stack', () => {
  it("stops synth before bundling when the stage's insights block is wrong, naming field and value", () => {
    expect(() => build({ lifecycle: { dormantMinIdleDays: 'six months' } })).toThrow(
      /CDK context for stage "qa"[\s\S]*insights\.lifecycle\.dormantMinIdleDays: .*\(got "six months"\)/,
    );
  });

  it("gives the insights function the stage's settings with every default filled in, and no other function", () => {
    const { template } = synthHubStack(
      topology,
      resolveStageConfig(stageWith({ lifecycle: { dormantMinIdleDays: 240 } })),
      fixtureEntryRoot,
    );

    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: {
        Environment: { Variables: Match.objectLike({ [INSIGHTS_CONFIG_VARIABLE]: Match.anyValue() }) },
      },
    });
    const values = Object.values(functions).map((f) =>
      JSON.parse(f.Properties.Environment.Variables[INSIGHTS_CONFIG_VARIABLE]),
    );
    expect(values).toHaveLength(1);
    expect(values[0].lifecycle).toMatchObject({ dormantMinIdleDays: 240, churnedAfterDays: 730 });
    expect(values[0].keyCustomers).toEqual({ revenueShare: 0.8, windowMonths: 12 });
  });
});
