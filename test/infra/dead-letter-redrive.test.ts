import { type PolicyValidationPluginReport, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { RESEND_LEADING_KEYS } from '../../adapters/dynamodb/reactions/dynamodb-reaction-ledger.ts';
import { resolveStageConfig } from '../../infra/aws/config/stage-config.ts';
import { loadTopology } from '../../infra/topology/index.ts';
import { reactionRulesPart } from '../../infra/topology/parts/reaction-rules.ts';
import { DEAD_LETTER_TAGS } from '../../schemas/config/dead-letter-queues-env.ts';
import { fixtureContext, fixtureEntryRoot } from './fixtures/topology.ts';
import { type SynthesizedHub, synthHubStack } from './support/synth-hub-stack.ts';
import { functionIdByDescription, roleIdOfFunction } from './support/template-queries.ts';

/** The reaction rules (targets, parked queues, a schedule) plus a stream consumer and the dead-letter reader. */
const READER = 'Reads and redrives dead letters';
const topology = loadTopology([
  reactionRulesPart,
  {
    functions: {
      'dead-letter-reader': {
        entry: 'functions/query-api.ts',
        description: READER,
        grants: { deadLetters: 'redrive' },
      },
      'stream-publisher': {
        entry: 'functions/stream-publisher.ts',
        description: 'Publishes change events from the table stream',
        grants: { bus: 'put', eventSources: ['hub360.customer'] },
      },
    },
    streamSubscriptions: [{ function: 'stream-publisher' }],
    schedules: [],
    rules: [],
    routes: [],
  },
]);

type Resource = { Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
let hub: SynthesizedHub;
let report: PolicyValidationPluginReport;
let readerStatements: Statement[];
const resources = (type: string) =>
  Object.entries(hub.template.findResources(type) as Record<string, Resource>);
const tagsOf = (queue: Resource): Record<string, unknown> =>
  Object.fromEntries(
    ((queue.Properties.Tags ?? []) as { Key: string; Value: unknown }[]).map((tag) => [tag.Key, tag.Value]),
  );

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
  const roleId = roleIdOfFunction(hub.template, functionIdByDescription(hub.template, READER));
  readerStatements = resources('AWS::IAM::Policy')
    .filter(([, policy]) =>
      (policy.Properties.Roles as unknown[]).some(
        (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId }),
      ),
    )
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
});

describe('dead letters read and redriven through the API on AWS', () => {
  it('tags every dead-letter queue the API reads with its kind and origin, and no consumed queue', () => {
    const queues = resources('AWS::SQS::Queue').map(([id, queue]) => ({ id, tags: tagsOf(queue) }));
    const kinds = queues.map(({ tags }) => tags[DEAD_LETTER_TAGS.kind]);

    expect(kinds.filter((kind) => kind === 'event').length).toBe(
      topology.rules.flatMap((rule) => rule.targets).length,
    );
    expect(kinds).toContain('invocation');
    expect(kinds).toContain('schedule');
    expect(kinds).toContain('stream-pointer');
    expect(queues.map(({ tags }) => tags[DEAD_LETTER_TAGS.origin])).toEqual(
      expect.arrayContaining([
        'function:reaction-ledger',
        'stream:stream-publisher',
        'rule:cross-sell-to-sales/target:sales-cross-sell-lead',
      ]),
    );
    const consumed = resources('AWS::Lambda::EventSourceMapping').flatMap(([, mapping]) => {
      const arn = mapping.Properties.EventSourceArn as { 'Fn::GetAtt'?: [string, string] };
      return arn['Fn::GetAtt'] ? [arn['Fn::GetAtt'][0]] : [];
    });
    expect(consumed.length).toBeGreaterThan(0);
    for (const id of consumed)
      expect(queues.find((queue) => queue.id === id)?.tags[DEAD_LETTER_TAGS.kind]).toBeUndefined();
  });

  it("tags the parked queues of reactions' failed deliveries with the function that recorded them, and only those", () => {
    const eventQueues = resources('AWS::SQS::Queue')
      .map(([, queue]) => tagsOf(queue))
      .filter((tags) => tags[DEAD_LETTER_TAGS.kind] === 'event');
    const recorded = eventQueues.filter((tags) => tags[DEAD_LETTER_TAGS.recordedBy] !== undefined);
    const receiptTargets = topology.rules
      .flatMap((rule) => rule.targets)
      .filter((target) => target.kind === 'http' && target.deliveryReceipts);

    expect(recorded.length).toBe(receiptTargets.length);
    expect(recorded.length).toBeLessThan(eventQueues.length);
    expect(new Set(recorded.map((tags) => tags[DEAD_LETTER_TAGS.recordedBy]))).toEqual(
      new Set(['reaction-ledger']),
    );
  });

  it('names the functions the Scheduler invokes on its dead-letter queue', () => {
    const [schedule] = resources('AWS::SQS::Queue').filter(
      ([, queue]) => tagsOf(queue)[DEAD_LETTER_TAGS.kind] === 'schedule',
    );
    const ledgerId = functionIdByDescription(
      hub.template,
      topology.functions['reaction-ledger']?.description ?? '',
    );

    expect(tagsOf(schedule?.[1] as Resource)[`${DEAD_LETTER_TAGS.targetPrefix}reaction-ledger`]).toEqual({
      'Fn::GetAtt': [ledgerId, 'Arn'],
    });
  });

  it('tells the reader the stack queue name prefix', () => {
    hub.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: READER,
      Environment: {
        Variables: Match.objectLike({
          HUB_DEAD_LETTER_QUEUES: JSON.stringify({ queueNamePrefix: `${Stack.of(hub.stack).stackName}-` }),
        }),
      },
    });
  });

  it('grants the reader exactly: list queues, read tags, peek and delete the tagged queues, put hub events, invoke the functions whose invocations or schedules failed', () => {
    const actions = (statement: Statement) => [statement.Action].flat().sort();
    const tagged = resources('AWS::SQS::Queue')
      .filter(([, queue]) => tagsOf(queue)[DEAD_LETTER_TAGS.kind] !== undefined)
      .map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] }));
    const byAction = (action: string) => readerStatements.filter((s) => actions(s).includes(action));

    expect(byAction('sqs:ListQueues').map((s) => s.Resource)).toEqual(['*']);
    expect(byAction('sqs:ListQueueTags')).toHaveLength(1);
    const [read] = byAction('sqs:ReceiveMessage');
    expect(read && actions(read)).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
    ]);
    expect(read?.Resource).toEqual(expect.arrayContaining(tagged));
    expect(read?.Resource).toHaveLength(tagged.length);
    const [put] = byAction('events:PutEvents');
    expect(put?.Condition).toEqual({ StringLike: { 'events:source': ['hub360.*'] } });
    // Rule targets invoked async (with on-failure queues) and schedule targets; not the stream consumers.
    const functionArn = (name: string) => ({
      'Fn::GetAtt': [
        functionIdByDescription(hub.template, reactionRulesPart.functions?.[name]?.description ?? ''),
        'Arn',
      ],
    });
    const [invoke] = byAction('lambda:InvokeFunction');
    expect(invoke && actions(invoke)).toEqual(['lambda:InvokeFunction']);
    expect(invoke?.Resource).toEqual(
      expect.arrayContaining(['retention-decisions', 'reaction-ledger', 'coverage-sweep'].map(functionArn)),
    );
    expect(invoke?.Resource).toHaveLength(3);
    expect(readerStatements.flatMap(actions).filter((a) => a.startsWith('lambda:'))).toEqual([
      'lambda:InvokeFunction',
    ]);
  });

  it("lets the reader mark a re-sent reaction in the ledger's partitions only: point reads and writes, no query, the key through DynamoDB only", () => {
    const actions = (statement: Statement) => [statement.Action].flat().sort();
    const tableId = Object.keys(hub.template.findResources('AWS::DynamoDB::Table'))[0];
    const [keyId] = Object.keys(hub.template.findResources('AWS::KMS::Key')).filter((id) =>
      id.startsWith('Store'),
    );
    const table = readerStatements.filter((s) => actions(s).some((a) => a.startsWith('dynamodb:')));
    const key = readerStatements.filter((s) => actions(s).some((a) => a.startsWith('kms:')));

    expect(table).toHaveLength(1);
    expect(table[0] && actions(table[0])).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    expect(table[0]?.Resource).toEqual({ 'Fn::GetAtt': [tableId, 'Arn'] });
    expect(table[0]?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...RESEND_LEADING_KEYS] },
    });
    expect(RESEND_LEADING_KEYS).toEqual([
      'REACTIONS',
      'REACTIONS#TALLY',
      'REACTIONS#OPEN#*',
      'REACTIONS#RESENT',
    ]);
    expect(key.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [keyId, 'Arn'] }]);
    // Only through DynamoDB (where the leading keys hold), never a direct Encrypt or Decrypt with the table's key.
    expect(key[0]?.Condition).toEqual({
      StringEquals: {
        'kms:ViaService': { 'Fn::Join': ['', ['dynamodb.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
      },
    });
  });

  it('stays clean under cdk-nag', () => {
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });
});
