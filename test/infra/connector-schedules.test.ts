import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveStageConfig } from '../../infra/aws/config/stage-config.ts';
import { stageTopology } from '../../infra/aws/config/stage-topology.ts';
import { loadTopology } from '../../infra/topology/index.ts';
import { connectorsPart } from '../../infra/topology/parts/connectors.ts';
import { fixtureEntryRoot } from './fixtures/topology.ts';
import { type SynthesizedHub, synthHubStack } from './support/synth-hub-stack.ts';
import { countOf } from './support/template-queries.ts';

/** A stage as an IT team writes it: instance names of their own, one with its own schedule. */
const stageWith = (connectors: Record<string, unknown>) =>
  resolveStageConfig({
    stage: 'test',
    jwtIssuer: 'https://auth.example.com/',
    jwtAudience: 'hub360-test',
    hub360: {
      stages: { test: { functionEnvironment: { 'connector-sync': { HUB_CONNECTORS: connectors } } } },
    },
  });

const acmePlm = {
  preset: 'windchill',
  baseUrl: 'https://plm.acme.example/Windchill/servlet/odata',
  auth: { kind: 'bearer', secret: 'acme/plm' },
  schedule: 'rate(7 minutes)',
};
const erp = {
  preset: 'business-central',
  baseUrl: 'https://api.businesscentral.dynamics.com/v2.0/t/production/api/v2.0',
  companyId: 'c0ffee',
  auth: { kind: 'bearer', secret: 'acme/erp' },
};

// Only the connectors slice (its sync function is a fixture entry): synthesizing the whole hub bundles every
// function, and the schedules come from this slice alone.
const synthStage = (connectors: Record<string, unknown>) =>
  synthHubStack(
    stageTopology(stageWith(connectors), (instances) => loadTopology([connectorsPart(instances)])),
    stageWith(connectors),
    fixtureEntryRoot,
  );

describe('connector schedules of a stage', () => {
  let configured: SynthesizedHub;
  let erpOnly: SynthesizedHub;
  beforeAll(() => {
    configured = synthStage({ 'acme-plm-eu-west': acmePlm, 'erp-plant-2': erp });
    erpOnly = synthStage({ 'erp-plant-2': erp });
  });

  it('deploys a schedule for an instance of any name, on the schedule the instance sets', () => {
    configured.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(7 minutes)',
      Target: Match.objectLike({ Input: JSON.stringify({ connector: 'acme-plm-eu-west' }) }),
    });
  });

  it('deploys the preset’s default schedule for an instance that sets none', () => {
    configured.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      Target: Match.objectLike({ Input: JSON.stringify({ connector: 'erp-plant-2' }) }),
    });
    expect(countOf(configured.template, 'AWS::Scheduler::Schedule')).toBe(2);
  });

  it('deploys no schedule for an instance the stage no longer configures', () => {
    erpOnly.template.resourcePropertiesCountIs(
      'AWS::Scheduler::Schedule',
      { Target: Match.objectLike({ Input: JSON.stringify({ connector: 'acme-plm-eu-west' }) }) },
      0,
    );
    expect(countOf(erpOnly.template, 'AWS::Scheduler::Schedule')).toBe(1);
  });

  it('watches each scheduled instance with a heartbeat alarm of its own', () => {
    configured.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('^Connector acme-plm-eu-west has not synced'),
    });
  });
});
