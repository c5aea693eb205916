import { type PolicyValidationPluginReport, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveStageConfig } from '../../infra/aws/config/stage-config.ts';
import { RECEIPT_BATCH_SIZE, RECEIPT_MAX_RECEIVES } from '../../infra/aws/constructs/event-routing.ts';
import { loadTopology } from '../../infra/topology/index.ts';
import {
  DELIVERY_INFERENCE_SCHEDULE_NAME,
  reactionRulesPart,
} from '../../infra/topology/parts/reaction-rules.ts';
import { fixtureContext, fixtureEntryRoot } from './fixtures/topology.ts';
import { type SynthesizedHub, synthHubStack } from './support/synth-hub-stack.ts';
import { functionIdByDescription } from './support/template-queries.ts';

/**
 * On AWS the receipts of a reaction's delivery are its dead letters: synthesized from the hub's own reaction
 * rules (fixture handlers, so nothing real is bundled).
 */
const topology = loadTopology([reactionRulesPart]);
const receiptTargets = topology.rules.flatMap((rule) =>
  rule.targets.flatMap((target) =>
    target.kind === 'http' && target.deliveryReceipts ? [{ rule: rule.name, target: target.id }] : [],
  ),
);

let hub: SynthesizedHub;
let report: PolicyValidationPluginReport;
let ledgerId: string;
beforeAll(() => {
  const { stage, jwtIssuer, jwtAudience, corsOrigins, alarmEmail, scopePrefix } = fixtureContext;
  hub = synthHubStack(
    topology,
    resolveStageConfig({
      stage,
      jwtIssuer,
      jwtAudience,
      corsOrigins,
      alarmEmail,
      scopePrefix,
      'setting:REACTION_CALL_CENTER_TASK_URL': 'https://callcenter.example.com/tasks',
      'setting:REACTION_SALES_LEAD_URL': 'https://crm.example.com/leads',
      'setting:REACTION_PDM_CHANGE_REQUEST_URL': 'https://plm.example.com/change-requests',
      'setting:REACTION_SERVICE_NOTICE_URL': 'https://service.example.com/notices',
    }),
    fixtureEntryRoot,
  );
  report = new AwsSolutionsChecks().validateScope(hub.stack);
  const ledgerSpec = topology.functions['reaction-ledger'];
  if (!ledgerSpec) throw new Error('the reaction rules declare no reaction-ledger');
  ledgerId = functionIdByDescription(hub.template, ledgerSpec.description);
});

type Resource = { Properties: Record<string, unknown> };
const resolve = (value: unknown) => Stack.of(hub.stack).resolve(value);
const queueIdOfArn = (arn: unknown): string => {
  const [id] = (arn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
  return id;
};
/** The dead-letter queue of the rule's http target, by the API destination it targets. */
const dlqOfHttpTarget = (ruleName: string): string => {
  const rule = Object.values(
    hub.template.findResources('AWS::Events::Rule') as Record<string, Resource>,
  ).find(
    (candidate) =>
      String(candidate.Properties.Description ?? '') ===
      topology.rules.find((r) => r.name === ruleName)?.description,
  );
  const targets = (rule?.Properties.Targets ?? []) as { Arn: unknown; DeadLetterConfig?: { Arn: unknown } }[];
  const http = targets.find((target) => JSON.stringify(resolve(target.Arn)).includes('Destination'));
  if (!http?.DeadLetterConfig)
    throw new Error(`rule ${ruleName} has no http target with a dead-letter queue`);
  return queueIdOfArn(http.DeadLetterConfig.Arn);
};

describe('dead letters of reaction deliveries on AWS', () => {
  it('covers every reaction rule (six http targets name reaction-ledger for their receipts)', () => {
    expect(receiptTargets).toHaveLength(6);
  });

  it('makes each http target dead-letter queue an event source of reaction-ledger with partial batch responses', () => {
    for (const { rule } of receiptTargets) {
      const queueId = dlqOfHttpTarget(rule);

      hub.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
        FunctionName: { Ref: ledgerId },
        BatchSize: RECEIPT_BATCH_SIZE,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
    const ledgerSources = hub.template.findResources('AWS::Lambda::EventSourceMapping', {
      Properties: { FunctionName: { Ref: ledgerId } },
    });
    expect(Object.keys(ledgerSources)).toHaveLength(receiptTargets.length);
  });

  it('parks what reaction-ledger could not record after five receives, and alarms on the parked queue', () => {
    for (const { rule } of receiptTargets) {
      const queueId = dlqOfHttpTarget(rule);
      const dlq = hub.template.toJSON().Resources[queueId] as Resource;
      const redrive = dlq.Properties.RedrivePolicy as {
        deadLetterTargetArn: unknown;
        maxReceiveCount: number;
      };
      const parkedId = queueIdOfArn(redrive.deadLetterTargetArn);

      expect(redrive.maxReceiveCount).toBe(RECEIPT_MAX_RECEIVES);
      // Lambda asks for at least the function's timeout (300 s); six times it lets a throttled batch finish.
      expect(dlq.Properties.VisibilityTimeout).toBe(1800);
      expect((hub.template.toJSON().Resources[parkedId] as Resource).Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 86_400,
      });
      hub.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [parkedId, 'QueueName'] } }],
        Threshold: 1,
        AlarmDescription: Match.stringLikeRegexp(
          `failed deliveries of rule ${rule} target .*, kept for re-sending`,
        ),
      });
    }
  });

  it('alarms on no consumed queue: every dead letter ends in the parked queue, alarmed by depth', () => {
    for (const { rule } of receiptTargets) {
      const queueId = dlqOfHttpTarget(rule);
      const dimensions = [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }];

      expect(
        hub.template.findResources('AWS::CloudWatch::Alarm', { Properties: { Dimensions: dimensions } }),
      ).toEqual({});
    }
  });

  it('tells reaction-ledger the parked queue of each queue it consumes, and lets it send there', () => {
    const [ledgerId] = Object.keys(
      hub.template.findResources('AWS::Lambda::Function', {
        Properties: {
          Environment: { Variables: Match.objectLike({ HUB_REACTION_PARKED_QUEUES: Match.anyValue() }) },
        },
      }),
    );
    const variable = JSON.stringify(
      (hub.template.toJSON().Resources[ledgerId ?? ''] as Resource).Properties.Environment,
    );
    const sendStatements = Object.values(
      hub.template.findResources('AWS::IAM::Policy') as Record<string, Resource>,
    )
      .flatMap(
        (policy) =>
          (policy.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] })
            .Statement,
      )
      .filter((statement) => JSON.stringify(statement.Action).includes('sqs:SendMessage'));

    for (const { rule } of receiptTargets) {
      const queueId = dlqOfHttpTarget(rule);
      const dlq = hub.template.toJSON().Resources[queueId] as Resource;
      const parkedId = queueIdOfArn(
        (dlq.Properties.RedrivePolicy as { deadLetterTargetArn: unknown }).deadLetterTargetArn,
      );
      // The pair is rendered with the two queues' tokens: the source's ARN and the parked queue's URL.
      expect(variable).toContain(`"Fn::GetAtt":["${queueId}","Arn"]`);
      expect(variable).toContain(`"Ref":"${parkedId}"`);
      expect(sendStatements.map((statement) => JSON.stringify(statement.Resource))).toContainEqual(
        JSON.stringify({ 'Fn::GetAtt': [parkedId, 'Arn'] }),
      );
    }
  });

  it('lets reaction-ledger consume only those queues', () => {
    const consumed = receiptTargets.map(({ rule }) => ({ 'Fn::GetAtt': [dlqOfHttpTarget(rule), 'Arn'] }));
    hub.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['sqs:ReceiveMessage', 'sqs:DeleteMessage']),
            Resource: Match.anyValue(),
          }),
        ]),
      },
    });
    const statements = Object.values(
      hub.template.findResources('AWS::IAM::Policy') as Record<string, Resource>,
    )
      .flatMap(
        (policy) =>
          (policy.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] })
            .Statement,
      )
      .filter((statement) => JSON.stringify(statement.Action).includes('sqs:ReceiveMessage'));
    expect(statements.map((statement) => statement.Resource)).toEqual(expect.arrayContaining(consumed));
    expect(statements).toHaveLength(consumed.length);
  });

  it('infers the deliveries nobody reports with an hourly Scheduler run of reaction-ledger', () => {
    const sweep = topology.schedules.find((s) => s.name === DELIVERY_INFERENCE_SCHEDULE_NAME);

    hub.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 hour)',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [ledgerId, 'Arn'] },
        Input: JSON.stringify(sweep?.input),
        DeadLetterConfig: { Arn: Match.anyValue() },
      }),
    });
    expect(sweep?.input).toMatchObject({ sweep: 'inferDeliveries', settleAfterSeconds: 3 * 3600 });
  });

  it('stays clean under cdk-nag', () => {
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });
});
