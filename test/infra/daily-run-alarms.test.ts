import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMAND_RUN_SERVICE, demandRunMetricNames } from '../../app/demand/report-demand-run.ts';
import {
  POPULATION_RUN_SERVICE,
  populationRunMetricNames,
} from '../../app/insights/report-population-run.ts';
import { STORE_CHECK_SERVICE, storeCheckMetricNames } from '../../app/store-check/report-store-check.ts';
import { resolveStageConfig } from '../../infra/aws/config/stage-config.ts';
import { loadTopology } from '../../infra/topology/index.ts';
import type { TopologyPart } from '../../infra/topology/part.ts';
import { demandPart } from '../../infra/topology/parts/demand.ts';
import { insightsPart } from '../../infra/topology/parts/insights.ts';
import { storeCheckPart } from '../../infra/topology/parts/store-check.ts';
import { fixtureEntryRoot } from './fixtures/topology.ts';
import { type SynthesizedHub, synthHubStack } from './support/synth-hub-stack.ts';

/** The part's functions under their real names and settings, bundled from a stand-in handler (alarms only need the names). */
const withStandInHandlers = (part: TopologyPart): TopologyPart => ({
  ...part,
  functions: Object.fromEntries(
    Object.entries(part.functions).map(([name, spec]) => [
      name,
      { ...spec, entry: 'functions/query-api.ts' },
    ]),
  ),
});

let hub: SynthesizedHub;
let alarmTopicId: string;
beforeAll(() => {
  const config = resolveStageConfig({
    stage: 'test',
    jwtIssuer: 'https://auth.example.com/',
    jwtAudience: 'hub360-test',
    alarmEmail: 'ops@example.com',
  });
  const topology = loadTopology([demandPart, insightsPart, storeCheckPart].map(withStandInHandlers));
  hub = synthHubStack(topology, config, fixtureEntryRoot);
  const [topicId] = Object.keys(
    hub.template.findResources('AWS::SNS::Topic', { Properties: { DisplayName: 'hub360 test alarms' } }),
  );
  if (!topicId) throw new Error('no alarm topic in the template');
  alarmTopicId = topicId;
});

/** A once-a-day alarm on a count above zero, notifying the stage's alarm topic. */
const dailyRunAlarm = (service: string, metricName: string) => ({
  Namespace: 'hub360',
  MetricName: metricName,
  Dimensions: [{ Name: 'service', Value: service }],
  Statistic: 'Maximum',
  Period: 86_400,
  EvaluationPeriods: 1,
  Threshold: 0,
  ComparisonOperator: 'GreaterThanThreshold',
  TreatMissingData: 'notBreaching',
  AlarmActions: Match.arrayWith([{ Ref: alarmTopicId }]),
});

describe('alarms of the daily runs', () => {
  it('alarm on demand parts failed and overdue (not parts left to the next hour), under the service the demand function emits', () => {
    expect(DEMAND_RUN_SERVICE).toBe('demand-reevaluate');
    hub.template.hasResourceProperties(
      'AWS::CloudWatch::Alarm',
      dailyRunAlarm(DEMAND_RUN_SERVICE, demandRunMetricNames.failed),
    );
    hub.template.hasResourceProperties(
      'AWS::CloudWatch::Alarm',
      dailyRunAlarm(DEMAND_RUN_SERVICE, demandRunMetricNames.overdue),
    );
  });

  it('alarm on customers the population run failed, under the insights service, not the function name', () => {
    // The stack names the function's Powertools service after it; the run's Metrics set `insights` explicitly.
    hub.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'insights-reevaluate' }) },
    });
    expect(POPULATION_RUN_SERVICE).toBe('insights');
    hub.template.hasResourceProperties(
      'AWS::CloudWatch::Alarm',
      dailyRunAlarm(POPULATION_RUN_SERVICE, populationRunMetricNames.failed),
    );
    hub.template.hasResourceProperties(
      'AWS::CloudWatch::Alarm',
      dailyRunAlarm(POPULATION_RUN_SERVICE, populationRunMetricNames.notReached),
    );
  });

  it('keep the store check alarm as it was: any violation in a day', () => {
    hub.template.hasResourceProperties(
      'AWS::CloudWatch::Alarm',
      dailyRunAlarm(STORE_CHECK_SERVICE, storeCheckMetricNames.violations),
    );
  });

  it('give the scheduled runs no connector alarms: they sync no connector, so those could never fire', () => {
    hub.template.resourcePropertiesCountIs(
      'AWS::CloudWatch::Alarm',
      { Metrics: [Match.objectLike({ Expression: Match.stringLikeRegexp('FROM "hub360"') })] },
      0,
    );
  });

  it('alarm on nothing else those runs emit, once each', () => {
    const watched = Object.values(hub.template.findResources('AWS::CloudWatch::Alarm'))
      .filter((alarm) => alarm.Properties?.Namespace === 'hub360')
      .map((alarm) => `${alarm.Properties.Dimensions[0].Value} ${alarm.Properties.MetricName}`)
      .sort();

    expect(watched).toEqual(
      [
        `${DEMAND_RUN_SERVICE} ${demandRunMetricNames.failed}`,
        `${DEMAND_RUN_SERVICE} ${demandRunMetricNames.overdue}`,
        `${POPULATION_RUN_SERVICE} ${populationRunMetricNames.failed}`,
        `${POPULATION_RUN_SERVICE} ${populationRunMetricNames.notReached}`,
        `${STORE_CHECK_SERVICE} ${storeCheckMetricNames.violations}`,
      ].sort(),
    );
  });

  it('chart each run per day on the dashboard', () => {
    const body = JSON.stringify(
      Object.values(hub.template.findResources('AWS::CloudWatch::Dashboard'))[0]?.Properties?.DashboardBody,
    );

    for (const title of ['Store check', 'Demand re-evaluation', 'Insights population run'])
      expect(body).toContain(`${title}, per day`);
    expect(body).toContain(demandRunMetricNames.reevaluated);
  });
});
