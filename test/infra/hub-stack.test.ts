import { type PolicyValidationPluginReport, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { customer360Table } from '../../adapters/dynamodb/table.ts';
import { connectorMetricNames } from '../../infra/aws/constructs/hub-monitoring.ts';
import {
  fixtureCallCenterSecretArn,
  fixtureConfig,
  fixtureEntryRoot,
  fixtureTopology,
} from './fixtures/topology.ts';
import { type SynthesizedHub, synthHubStack } from './support/synth-hub-stack.ts';
import {
  actionsOf,
  countOf,
  functionIdByDescription,
  roleIdOfFunction,
  statementsOfRole,
} from './support/template-queries.ts';

// One synthesis (four small bundles) and one cdk-nag run for the whole file.
let hub: SynthesizedHub;
let report: PolicyValidationPluginReport;
beforeAll(() => {
  hub = synthHubStack(fixtureTopology, fixtureConfig, fixtureEntryRoot);
  report = new AwsSolutionsChecks().validateScope(hub.stack);
});

const specOf = (name: string) => {
  const spec = fixtureTopology.functions[name];
  if (!spec) throw new Error(`fixture has no function ${name}`);
  return spec;
};
const statementsOfFunction = (name: string) => {
  const functionId = functionIdByDescription(hub.template, specOf(name).description);
  return statementsOfRole(hub.template, roleIdOfFunction(hub.template, functionId));
};

describe('customer-360 table', () => {
  it('is on-demand, KMS-encrypted with a customer key, streams both images and has PITR and TTL', () => {
    hub.template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'hub360-test-customer-360',
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: customer360Table.ttlAttribute, Enabled: true },
      KeySchema: [
        { AttributeName: customer360Table.partitionKey, KeyType: 'HASH' },
        { AttributeName: customer360Table.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: customer360Table.globalIndexes.map((index) =>
        Match.objectLike({ IndexName: index.name, Projection: { ProjectionType: 'ALL' } }),
      ),
    });
    hub.template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('customer-360 table'),
      EnableKeyRotation: true,
    });
  });

  it('is not deletion-protected outside prod (the test stage can be torn down)', () => {
    hub.template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    hub.template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
  });
});

describe('functions', () => {
  it('creates one function per topology function and nothing else but the console deployment handler', () => {
    expect(countOf(hub.template, 'AWS::Lambda::Function')).toBe(
      Object.keys(fixtureTopology.functions).length + 1,
    );
  });

  it('run Node.js 22 on arm64 with X-Ray, an explicit log group and the common and Powertools environment', () => {
    for (const [name, spec] of Object.entries(fixtureTopology.functions)) {
      hub.template.hasResourceProperties('AWS::Lambda::Function', {
        Description: spec.description,
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: spec.memoryMb,
        Timeout: spec.timeoutSeconds,
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: Match.anyValue() },
        Environment: {
          Variables: Match.objectLike({
            HUB_STAGE: 'test',
            HUB_TABLE_NAME: Match.anyValue(),
            HUB_EVENT_BUS_NAME: Match.anyValue(),
            HUB_LANDING_BUCKET: Match.anyValue(),
            POWERTOOLS_SERVICE_NAME: name,
            POWERTOOLS_METRICS_NAMESPACE: 'hub360',
            ...spec.environment,
          }),
        },
      });
    }
    hub.template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: fixtureConfig.logRetentionDays,
    });
  });

  it('retry async invocations as the spec says and send what still fails to a queue', () => {
    for (const name of ['connector-sync', 'reaction-handler']) {
      const spec = specOf(name);
      hub.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        MaximumRetryAttempts: spec.asyncRetries,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } } },
      });
    }
    // Only the schedule target and the rule target are invoked asynchronously; the stream consumer and the
    // API function are invoked synchronously and get no on-failure queue that could never receive anything.
    expect(countOf(hub.template, 'AWS::Lambda::EventInvokeConfig')).toBe(2);
  });

  it('grant a read-only function no write actions on the table and nothing on the bus or bucket', () => {
    const actions = actionsOf(statementsOfFunction('query-api'));

    expect(actions).toContain('dynamodb:Query');
    expect(actions).not.toContain('dynamodb:PutItem');
    expect(actions).not.toContain('dynamodb:UpdateItem');
    expect(actions).not.toContain('events:PutEvents');
    expect(actions.filter((action) => action.startsWith('s3:'))).toEqual([]);
  });

  it('grant exactly what the spec lists: readWrite, landing reads and its own secret', () => {
    const statements = statementsOfFunction('connector-sync');
    const actions = actionsOf(statements);

    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 's3:GetObject', 's3:ListBucket']));
    expect(actions).toContain('secretsmanager:GetSecretValue');
    expect(actions).not.toContain('events:PutEvents');
    expect(actions.some((action) => action === '*' || action.endsWith(':*'))).toBe(false);
  });

  it('use a wildcard resource only for actions that have no resource-level permissions', () => {
    const withoutResourceLevel = [
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'dynamodb:ListStreams',
    ];
    for (const name of Object.keys(fixtureTopology.functions)) {
      const wildcards = statementsOfFunction(name).filter((statement) => statement.Resource === '*');
      expect(withoutResourceLevel).toEqual(expect.arrayContaining(actionsOf(wildcards)));
    }
  });

  it('write logs only to their own log group (no AWSLambdaBasicExecutionRole)', () => {
    hub.template.resourcePropertiesCountIs('AWS::IAM::Role', { ManagedPolicyArns: Match.anyValue() }, 0);
  });

  it('get per-stage JSON environment serialised, with the deployed landing bucket name filled in', () => {
    const [landingBucketId] = Object.keys(
      hub.template.findResources('AWS::S3::Bucket', {
        Properties: { VersioningConfiguration: { Status: 'Enabled' } },
      }),
    );

    hub.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: specOf('connector-sync').description,
      Environment: {
        Variables: Match.objectLike({
          HUB_CONNECTORS: {
            'Fn::Join': [
              '',
              Match.arrayWith([
                '{"web":{"preset":"segment","landing":{"kind":"s3","bucket":"',
                { Ref: landingBucketId },
              ]),
            ],
          },
        }),
      },
    });
  });

  it('learn the ARN of every secret they are granted and their per-stage environment', () => {
    hub.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: specOf('connector-sync').description,
      Environment: {
        Variables: Match.objectLike({
          HUB_SECRET_ARN_ERP_BASIC: Match.anyValue(),
          SAP_S4_BASE_URL: 'https://sap.example.com/sap/opu/odata/sap',
          CONNECTOR_PAGE_SIZE: '200',
        }),
      },
    });
  });
});

describe('stream subscriptions', () => {
  it('report batch item failures, bisect on error, retry as configured and keep failures in a queue', () => {
    hub.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.anyValue(), 'StreamArn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      BatchSize: 50,
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    expect(countOf(hub.template, 'AWS::Lambda::EventSourceMapping')).toBe(
      fixtureTopology.streamSubscriptions.length,
    );
  });
});

describe('event rules', () => {
  it('put every rule on the custom bus, which has an archive', () => {
    hub.template.hasResourceProperties('AWS::Events::EventBus', { Name: 'hub360-test' });
    hub.template.hasResourceProperties('AWS::Events::Archive', { SourceArn: Match.anyValue() });
    for (const rule of fixtureTopology.rules) {
      hub.template.hasResourceProperties('AWS::Events::Rule', {
        Description: rule.description,
        EventBusName: Match.anyValue(),
        EventPattern: rule.pattern,
      });
    }
  });

  it('give every target a retry policy and an encrypted dead-letter queue', () => {
    const rules = Object.values(hub.template.findResources('AWS::Events::Rule'));
    const targets = rules.flatMap((rule) => rule.Properties.Targets as Record<string, unknown>[]);

    expect(targets).toHaveLength(fixtureTopology.rules.flatMap((rule) => rule.targets).length);
    for (const target of targets) {
      expect(target).toMatchObject({
        DeadLetterConfig: { Arn: expect.anything() },
        RetryPolicy: {
          MaximumRetryAttempts: expect.any(Number),
          MaximumEventAgeInSeconds: expect.any(Number),
        },
      });
    }
    hub.template.hasResourceProperties('AWS::Events::Rule', {
      Targets: Match.arrayWith([
        Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 600 } }),
      ]),
    });
  });

  it('pass input transformers and input paths through to the targets', () => {
    hub.template.hasResourceProperties('AWS::Events::Rule', {
      Targets: Match.arrayWith([
        Match.objectLike({
          InputTransformer: {
            InputPathsMap: { customer: '$.detail.customerId' },
            InputTemplate: '{"customerId": <customer>}',
          },
        }),
      ]),
    });
    hub.template.hasResourceProperties('AWS::Events::Rule', {
      Targets: Match.arrayWith([Match.objectLike({ InputPath: '$.detail' })]),
    });
  });

  it('deliver http targets through API destinations whose URL comes from the stage settings', () => {
    hub.template.hasResourceProperties('AWS::Events::ApiDestination', {
      InvocationEndpoint: 'https://callcenter.example.com/tasks',
      HttpMethod: 'POST',
    });
    hub.template.hasResourceProperties('AWS::Events::ApiDestination', {
      InvocationEndpoint: 'https://erp.example.com/demand',
      HttpMethod: 'PUT',
    });
  });

  it('authenticate connections with credentials resolved from Secrets Manager at deploy time', () => {
    hub.template.hasResourceProperties('AWS::Events::Connection', {
      AuthorizationType: 'API_KEY',
      AuthParameters: {
        ApiKeyAuthParameters: {
          ApiKeyName: 'Authorization',
          ApiKeyValue: Match.stringLikeRegexp(
            `^\\{\\{resolve:secretsmanager:${fixtureCallCenterSecretArn}:SecretString:apiKeyValue::\\}\\}$`,
          ),
        },
      },
    });
    hub.template.hasResourceProperties('AWS::Events::Connection', {
      AuthorizationType: 'BASIC',
      AuthParameters: {
        BasicAuthParameters: {
          Username: 'HUB360_COMM_USER',
          Password: {
            'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('resolve:secretsmanager:')])],
          },
        },
      },
    });
  });
});

describe('secrets', () => {
  it('reference existing secrets and create the others under their topology names', () => {
    hub.template.resourcePropertiesCountIs('AWS::SecretsManager::Secret', { Name: 'call-center' }, 0);
    hub.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'erp-basic',
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password' }),
    });
    hub.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'hub360/sap-s4',
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'placeholder' }),
    });
    hub.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'cursor-key',
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'key', PasswordLength: 48 }),
    });
  });
});

describe('schedules', () => {
  it('deploy every schedule that is not local-only, with its window, a dead-letter queue and a role', () => {
    hub.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 2 },
      Target: {
        Arn: Match.anyValue(),
        RoleArn: Match.anyValue(),
        Input: JSON.stringify({ connector: 'sap-s4' }),
        DeadLetterConfig: { Arn: Match.anyValue() },
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
      },
    });
    hub.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      FlexibleTimeWindow: { Mode: 'OFF' },
    });
    hub.template.resourcePropertiesCountIs(
      'AWS::Scheduler::Schedule',
      { ScheduleExpression: 'rate(1 minute)' },
      0,
    );
    expect(countOf(hub.template, 'AWS::Scheduler::Schedule')).toBe(2);
  });

  it("sit in the stage's own schedule group, so Scheduler's per-group metrics count only them", () => {
    const groups = hub.template.findResources('AWS::Scheduler::ScheduleGroup', {
      Properties: { Name: 'hub360-test' },
    });
    const [groupId] = Object.keys(groups);

    expect(Object.keys(groups)).toHaveLength(1);
    // Created before the schedules that name it.
    expect(
      Object.values(hub.template.findResources('AWS::Scheduler::Schedule')).map((s) => [
        s.Properties?.GroupName,
        s.DependsOn,
      ]),
    ).toEqual([
      ['hub360-test', expect.arrayContaining([groupId])],
      ['hub360-test', expect.arrayContaining([groupId])],
    ]);
  });
});

describe('query API', () => {
  it('validates JWTs from the configured issuer and audience', () => {
    hub.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: fixtureConfig.jwtIssuer, Audience: fixtureConfig.jwtAudience },
    });
  });

  it('protects every route with scopes by the authorizer and leaves only scope-less routes public', () => {
    for (const route of fixtureTopology.routes) {
      hub.template.hasResourceProperties(
        'AWS::ApiGatewayV2::Route',
        route.scopes.length > 0
          ? {
              RouteKey: `${route.method} ${route.path}`,
              AuthorizationType: 'JWT',
              AuthorizerId: Match.anyValue(),
              AuthorizationScopes: route.scopes.map((scope) => `hub360/${scope}`),
            }
          : { RouteKey: `${route.method} ${route.path}`, AuthorizationType: 'NONE' },
      );
    }
    expect(countOf(hub.template, 'AWS::ApiGatewayV2::Route')).toBe(fixtureTopology.routes.length);
  });

  it('throttles, writes JSON access logs and allows only the configured CORS origins', () => {
    hub.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }),
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"requestId"') },
    });
    hub.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      // The configured origins and the console's CloudFront origin.
      CorsConfiguration: Match.objectLike({
        AllowOrigins: [...fixtureConfig.corsOrigins, Match.objectLike({ 'Fn::Join': Match.anyValue() })],
      }),
    });
  });
});

describe('clickstream landing bucket', () => {
  it('is encrypted, private, versioned and logs access to a separate bucket', () => {
    hub.template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'landing/' },
    });
  });

  it('denies every request that is not TLS, on the landing, access-log and console buckets', () => {
    hub.template.resourcePropertiesCountIs(
      'AWS::S3::BucketPolicy',
      {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      },
      3,
    );
  });
});

describe('dead-letter queues', () => {
  it('are all encrypted and TLS-only', () => {
    const queues = countOf(hub.template, 'AWS::SQS::Queue');

    hub.template.resourcePropertiesCountIs('AWS::SQS::Queue', { SqsManagedSseEnabled: true }, queues);
    hub.template.resourcePropertiesCountIs(
      'AWS::SQS::QueuePolicy',
      {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      },
      queues,
    );
  });
});

describe('monitoring', () => {
  it('alarms on the depth of every dead-letter queue', () => {
    const queues = countOf(hub.template, 'AWS::SQS::Queue');

    hub.template.resourcePropertiesCountIs(
      'AWS::CloudWatch::Alarm',
      { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 },
      queues,
    );
  });

  describe('dead letters that could not be put into their queue', () => {
    let alarmTopicId: string;
    beforeAll(() => {
      const [topicId] = Object.keys(
        hub.template.findResources('AWS::SNS::Topic', { Properties: { DisplayName: 'hub360 test alarms' } }),
      );
      if (!topicId) throw new Error('no alarm topic in the template');
      alarmTopicId = topicId;
    });
    /** Any one lost in 5 minutes notifies the stage's topic; no datapoint is no failure. */
    const lostAlarm = (namespace: string, metricName: string, dimensions: unknown[]) => ({
      Namespace: namespace,
      MetricName: metricName,
      Dimensions: dimensions,
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: Match.arrayWith([{ Ref: alarmTopicId }]),
    });
    const ruleIdByDescription = (description: string) => {
      const [ruleId] = Object.keys(
        hub.template.findResources('AWS::Events::Rule', { Properties: { Description: description } }),
      );
      if (!ruleId) throw new Error(`no rule described "${description}"`);
      return ruleId;
    };

    it('alarms per rule of the hub bus on EventBridge failing to put an event into a target dead-letter queue', () => {
      const [busId] = Object.keys(
        hub.template.findResources('AWS::Events::EventBus', { Properties: { Name: 'hub360-test' } }),
      );

      for (const rule of fixtureTopology.rules)
        hub.template.hasResourceProperties(
          'AWS::CloudWatch::Alarm',
          lostAlarm('AWS/Events', 'InvocationsFailedToBeSentToDlq', [
            // Ref of a bus is its name: a custom bus's rule metrics carry both dimensions.
            { Name: 'EventBusName', Value: { Ref: busId } },
            { Name: 'RuleName', Value: { Ref: ruleIdByDescription(rule.description) } },
          ]),
        );
      hub.template.resourcePropertiesCountIs(
        'AWS::CloudWatch::Alarm',
        { MetricName: 'InvocationsFailedToBeSentToDlq' },
        fixtureTopology.rules.length,
      );
    });

    it('alarms per function with an on-failure queue (async invocations or a stream mapping) on Lambda failing to deliver to it', () => {
      const withOnFailureQueue = ['connector-sync', 'reaction-handler', 'stream-publisher'];

      for (const name of withOnFailureQueue)
        hub.template.hasResourceProperties(
          'AWS::CloudWatch::Alarm',
          lostAlarm('AWS/Lambda', 'DestinationDeliveryFailures', [
            {
              Name: 'FunctionName',
              Value: { Ref: functionIdByDescription(hub.template, specOf(name).description) },
            },
          ]),
        );
      hub.template.resourcePropertiesCountIs(
        'AWS::CloudWatch::Alarm',
        { MetricName: 'DestinationDeliveryFailures' },
        withOnFailureQueue.length,
      );
      // Lambda has no function dead-letter queue here: nothing could raise DeadLetterErrors.
      hub.template.resourcePropertiesCountIs(
        'AWS::Lambda::Function',
        { DeadLetterConfig: Match.anyValue() },
        0,
      );
    });

    it("alarms once on Scheduler failing to put an invocation into the schedules' dead-letter queue, for their group only", () => {
      hub.template.resourcePropertiesCountIs(
        'AWS::CloudWatch::Alarm',
        lostAlarm('AWS/Scheduler', 'InvocationsFailedToBeSentToDeadLetterCount', [
          { Name: 'ScheduleGroup', Value: 'hub360-test' },
        ]),
        1,
      );
      hub.template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { Namespace: 'AWS/Scheduler' }, 1);
    });
  });

  it('alarms on connector lag, failed syncs and quarantine growth over every connector of scheduled functions', () => {
    const queryAlarm = (query: string, period: number, threshold: number) =>
      hub.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Threshold: threshold,
        Metrics: [Match.objectLike({ Expression: query, Period: period, ReturnData: true })],
      });

    queryAlarm(
      `SELECT MAX(${connectorMetricNames.lag}) FROM "hub360" WHERE service = 'connector-sync'`,
      900,
      fixtureConfig.alarms.connectorLagSeconds,
    );
    queryAlarm(
      `SELECT SUM(${connectorMetricNames.runFailed}) FROM "hub360" WHERE service = 'connector-sync'`,
      900,
      1,
    );
    queryAlarm(
      `SELECT SUM(${connectorMetricNames.quarantined}) FROM "hub360" WHERE service = 'connector-sync'`,
      3600,
      fixtureConfig.alarms.quarantinedRecordsPerHour,
    );
    hub.template.resourcePropertiesCountIs(
      'AWS::CloudWatch::Alarm',
      { Metrics: [Match.objectLike({ Expression: Match.stringLikeRegexp("service = 'stream-publisher'") })] },
      0,
    );
  });

  it('alarms on API 5xx and latency and on Lambda errors and throttles, notifying an encrypted topic', () => {
    hub.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
    });
    hub.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
    });
    const functions = Object.keys(fixtureTopology.functions).length;
    hub.template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'Errors' }, functions);
    hub.template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'Throttles' }, functions);
    hub.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    hub.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    hub.template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});

describe('outputs', () => {
  it('exports the API URL and the bus ARN', () => {
    hub.template.hasOutput('ApiUrl', { Value: Match.anyValue() });
    hub.template.hasOutput('EventBusArn', { Value: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } });
  });
});

type Acknowledgement = { readonly id: string; readonly reason: string; readonly path: string };

const AcknowledgedRulesSchema = z.record(z.string(), z.string());

/** Every acknowledgement recorded anywhere in the tree (`{ "<kind>::<rule id>": reason }`), with its construct. */
const acknowledgements = (root: IConstruct): Acknowledgement[] =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(AcknowledgedRulesSchema.parse(entry.data)))
      .map(([key, reason]) => ({ id: key.replace(/^[A-Za-z]+::/, ''), reason, path: construct.node.path })),
  );

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding', () => {
    const findings = report.violations.map(
      (violation) =>
        `${violation.ruleName}: ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );

    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('has a written reason for every acknowledgement', () => {
    const acks = acknowledgements(hub.stack);

    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) expect(ack.reason.length, `${ack.id} on ${ack.path}`).toBeGreaterThan(40);
  });

  it('acknowledges on resources, never on the whole stack or app', () => {
    const paths = acknowledgements(hub.stack).map((ack) => ack.path);

    expect(paths).not.toContain(hub.stack.node.path);
    expect(paths.every((path) => path.startsWith(`${hub.stack.node.path}/`))).toBe(true);
  });

  it('acknowledges IAM wildcards finding by finding, not the whole IAM5 rule', () => {
    const iam5 = acknowledgements(hub.stack).filter((ack) => ack.id.startsWith('AwsSolutions-IAM5'));

    expect(iam5.length).toBeGreaterThan(0);
    expect(iam5.every((ack) => /^AwsSolutions-IAM5\[(Resource|Action)::.+\]$/.test(ack.id))).toBe(true);
  });
});
