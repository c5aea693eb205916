import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { storeCheckMetricNames } from '../../app/store-check/report-store-check.ts';
import { resolveStageConfig } from '../../infra/aws/config/stage-config.ts';
import { repositoryRoot } from '../../infra/aws/hub-stack.ts';
import { loadTopology } from '../../infra/topology/index.ts';
import { STORE_CHECK_SCHEDULE_NAME, storeCheckPart } from '../../infra/topology/parts/store-check.ts';
import { type SynthesizedHub, synthHubStack } from './support/synth-hub-stack.ts';
import {
  actionsOf,
  functionIdByDescription,
  roleIdOfFunction,
  statementsOfRole,
} from './support/template-queries.ts';

const spec = storeCheckPart.functions['store-check'];
if (!spec) throw new Error('the store-check part declares no store-check function');

// Only the store-check part, bundled from the real handler: one small bundle for the whole file.
let hub: SynthesizedHub;
beforeAll(() => {
  const config = resolveStageConfig({
    stage: 'test',
    jwtIssuer: 'https://auth.example.com/',
    jwtAudience: 'hub360-test',
    alarmEmail: 'ops@example.com',
  });
  hub = synthHubStack(loadTopology([storeCheckPart]), config, repositoryRoot);
});

describe('the scheduled store check on AWS', () => {
  it('deploys the store-check handler as a Lambda with reserved concurrency 1 and the full 15 minutes', () => {
    hub.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: spec.description,
      Timeout: 900,
      ReservedConcurrentExecutions: 1,
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'store-check' }) },
    });
  });

  it('lets it read the whole table (Scan) and commit repairs, and nothing on the bus', () => {
    const functionId = functionIdByDescription(hub.template, spec.description ?? '');
    const actions = actionsOf(statementsOfRole(hub.template, roleIdOfFunction(hub.template, functionId)));

    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:Scan',
        // A repair is one conditional transaction: IAM authorises its parts, not TransactWriteItems itself.
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:ConditionCheckItem',
      ]),
    );
    expect(actions.some((action) => action.startsWith('events:'))).toBe(false);
  });

  it('runs it once a day with repair on, through EventBridge Scheduler', () => {
    hub.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(15 4 * * ? *)',
      Target: Match.objectLike({ Input: JSON.stringify({ repair: true }) }),
    });
    expect(storeCheckPart.schedules.map((s) => s.name)).toEqual([STORE_CHECK_SCHEDULE_NAME]);
  });

  it('alarms when a run finds any violation (StoreInvariantViolations > 0 in the hub360 namespace)', () => {
    hub.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'hub360',
      MetricName: storeCheckMetricNames.violations,
      Dimensions: [{ Name: 'service', Value: 'store-check' }],
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: Match.anyValue(),
    });
  });
});
