import { App, type PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { HubApi } from '../../infra/aws/constructs/hub-api.ts';
import { connectorMetricNames } from '../../infra/aws/constructs/hub-monitoring.ts';
import { LogProtection } from '../../infra/aws/constructs/log-protection.ts';
import { loadTopology } from '../../infra/topology/index.ts';
import { ConfigError } from '../../schemas/config/parse-config.ts';
import {
  fixtureConfig,
  fixtureEntryRoot,
  fixtureLandingWriter,
  fixtureTopology,
  fixtureWindchillSecretArn,
} from './fixtures/topology.ts';
import { type SynthesizedHub, synthHubStack } from './support/synth-hub-stack.ts';
import { functionIdByDescription, roleIdOfFunction } from './support/template-queries.ts';

// Issue 16: what a production go-live needs, asserted on the synthesized fixture stack (one synthesis).
let hub: SynthesizedHub;
let report: PolicyValidationPluginReport;
beforeAll(() => {
  hub = synthHubStack(fixtureTopology, fixtureConfig, fixtureEntryRoot);
  report = new AwsSolutionsChecks().validateScope(hub.stack);
});

const roleOf = (name: string): string => {
  const spec = fixtureTopology.functions[name];
  if (!spec) throw new Error(`fixture has no function ${name}`);
  return roleIdOfFunction(hub.template, functionIdByDescription(hub.template, spec.description));
};

/** Matches a policy attached to the role that holds a statement like `statement`. */
const policyOfRoleWith = (roleId: string, statement: Record<string, unknown>) => ({
  Roles: Match.arrayWith([{ Ref: roleId }]),
  PolicyDocument: { Statement: Match.arrayWith([Match.objectLike(statement)]) },
});

/** A managed data identifier as CDK renders it (partition-qualified ARN). */
const dataIdentifier = (name: string) => ({
  'Fn::Join': ['', Match.arrayWith([`:dataprotection::aws:data-identifier/${name}`])],
});

const TABLE_WRITES = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

describe('connector credentials', () => {
  it("grants connector-sync each configured connector's own secret, by name and by ARN", () => {
    const role = roleOf('connector-sync');
    const [sapSecretId] = Object.keys(
      hub.template.findResources('AWS::SecretsManager::Secret', { Properties: { Name: 'hub360/sap-s4' } }),
    );

    hub.template.hasResourceProperties(
      'AWS::IAM::Policy',
      policyOfRoleWith(role, {
        Action: Match.arrayWith(['secretsmanager:GetSecretValue']),
        Resource: { Ref: sapSecretId },
      }),
    );
    hub.template.hasResourceProperties(
      'AWS::IAM::Policy',
      policyOfRoleWith(role, {
        Action: Match.arrayWith(['secretsmanager:GetSecretValue']),
        Resource: fixtureWindchillSecretArn,
      }),
    );
  });

  it('passes the ARN of a secret granted by name, which the runtime prefers over the name', () => {
    hub.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: fixtureTopology.functions['connector-sync']?.description,
      Environment: { Variables: Match.objectLike({ HUB_SECRET_ARN_HUB360_SAP_S4: Match.anyValue() }) },
    });
  });
});

describe('route scopes with a Cognito issuer', () => {
  // The claims of a Cognito access token (client credentials, resource server `hub360`).
  const cognitoAccessToken = {
    iss: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_AbCdEf123',
    token_use: 'access',
    client_id: 'hub360-test',
    scope: 'hub360/customers.read hub360/customers.write',
  };
  const tokenScopes = cognitoAccessToken.scope.split(' ');

  it('requires the scopes as Cognito spells them, so the token above is let in', () => {
    hub.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /customers/{id}',
      AuthorizationType: 'JWT',
      AuthorizationScopes: ['hub360/customers.read'],
    });
    hub.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /customers/{id}/unmerge',
      AuthorizationScopes: ['hub360/customers.write', 'hub360/admin'],
    });
    const deployed = Object.values(hub.template.findResources('AWS::ApiGatewayV2::Route'))
      .map((route) => z.array(z.string()).optional().parse(route.Properties.AuthorizationScopes))
      .filter((scopes) => scopes !== undefined);

    // API Gateway lets a token in when it holds any of the route's scopes.
    for (const scopes of deployed) expect(scopes.some((scope) => tokenScopes.includes(scope))).toBe(true);
  });
});

describe('least privilege', () => {
  it('gives a read-only function no table write action at all', () => {
    for (const action of TABLE_WRITES) {
      hub.template.resourcePropertiesCountIs(
        'AWS::IAM::Policy',
        policyOfRoleWith(roleOf('query-api'), { Action: Match.arrayWith([action]) }),
        0,
      );
    }
  });

  it('lets the stream publisher read the stream but never the table', () => {
    const role = roleOf('stream-publisher');

    hub.template.hasResourceProperties(
      'AWS::IAM::Policy',
      policyOfRoleWith(role, { Action: Match.arrayWith(['dynamodb:GetRecords']) }),
    );
    for (const action of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', ...TABLE_WRITES]) {
      hub.template.resourcePropertiesCountIs(
        'AWS::IAM::Policy',
        policyOfRoleWith(role, { Action: Match.arrayWith([action]) }),
        0,
      );
    }
  });

  it('allows each publisher to put only events of the sources it owns', () => {
    hub.template.hasResourceProperties(
      'AWS::IAM::Policy',
      policyOfRoleWith(roleOf('stream-publisher'), {
        Action: 'events:PutEvents',
        Condition: { StringEquals: { 'events:source': ['hub360.commerce', 'hub360.customer'] } },
      }),
    );
    hub.template.hasResourceProperties(
      'AWS::IAM::Policy',
      policyOfRoleWith(roleOf('reaction-handler'), {
        Action: 'events:PutEvents',
        Condition: { StringEquals: { 'events:source': ['hub360.insights'] } },
      }),
    );
    hub.template.resourcePropertiesCountIs(
      'AWS::IAM::Policy',
      {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: 'events:PutEvents', Condition: Match.absent() }),
          ]),
        },
      },
      0,
    );
  });

  it('refuses a topology whose publisher does not say which sources it emits', () => {
    const publishAnything = () =>
      loadTopology([
        {
          functions: {
            loose: { entry: 'functions/loose.ts', description: 'Publishes anything', grants: { bus: 'put' } },
          },
          streamSubscriptions: [],
          schedules: [],
          rules: [],
          routes: [],
        },
      ]);

    expect(publishAnything).toThrow(/functions\.loose\.grants\.eventSources: must list the event sources/);
  });
});

describe('erasure reaches every copy', () => {
  it('keeps archived events 14 days (inside the one-month erasure window) and renders no empty key id', () => {
    hub.template.hasResourceProperties('AWS::Events::Archive', {
      RetentionDays: fixtureConfig.eventArchiveRetentionDays,
      KmsKeyIdentifier: Match.absent(),
    });
    expect(fixtureConfig.eventArchiveRetentionDays).toBeLessThanOrEqual(30);
  });

  it('expires landed clickstream files and their old versions', () => {
    hub.template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Status: 'Enabled',
            ExpirationInDays: fixtureConfig.landingRetentionDays,
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          }),
        ]),
      },
    });
  });

  it('encrypts every log group with the customer-managed log key and masks e-mail and phone numbers', () => {
    const logGroups = Object.keys(hub.template.findResources('AWS::Logs::LogGroup')).length;
    const [logKeyId] = Object.keys(
      hub.template.findResources('AWS::KMS::Key', { Properties: { Description: 'hub360 log groups' } }),
    );

    hub.template.resourcePropertiesCountIs(
      'AWS::Logs::LogGroup',
      {
        KmsKeyId: { 'Fn::GetAtt': [logKeyId, 'Arn'] },
        DataProtectionPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              DataIdentifier: Match.arrayWith([
                dataIdentifier('EmailAddress'),
                dataIdentifier('PhoneNumber-DE'),
              ]),
              Operation: { Deidentify: { MaskConfig: {} } },
            }),
          ]),
        },
      },
      logGroups,
    );
    hub.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: Match.anyValue() },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('retains log groups and their key where data is protected (prod)', () => {
    const stack = new Stack(new App(), 'ProdLogs');
    const logs = new LogProtection(stack, 'Logs', { protectData: true });
    new HubApi(stack, 'Query', {
      routes: [{ method: 'GET', path: '/customers/{id}', function: 'read', scopes: ['customers:read'] }],
      functionNamed: () =>
        new LambdaFunction(stack, 'Read', {
          runtime: Runtime.NODEJS_22_X,
          handler: 'index.handler',
          code: Code.fromInline('export const handler = async () => ({})'),
        }),
      jwtIssuer: 'https://issuer.example.com/',
      jwtAudience: ['hub360'],
      accessLogProtection: {
        encryptionKey: logs.key,
        dataProtection: logs.dataProtection,
        removalPolicy: logs.removalPolicy,
      },
    });
    const template = Template.fromStack(stack);

    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: { KmsKeyId: Match.anyValue() },
    });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });
});

describe('silent failure is alarmed', () => {
  it('gives up on a stream record after an hour, bisecting and retrying, while the stream still holds it', () => {
    hub.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      MaximumRecordAgeInSeconds: 3600,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
    });
  });

  it('alarms when the stream consumer falls behind (IteratorAge)', () => {
    hub.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Statistic: 'Maximum',
      Threshold: fixtureConfig.alarms.streamIteratorAgeSeconds * 1000,
      AlarmActions: Match.anyValue(),
    });
  });

  it('alarms per configured, scheduled connector when no sync succeeded for N periods, missing data breaching', () => {
    hub.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'hub360',
      MetricName: connectorMetricNames.runSucceeded,
      Dimensions: [
        { Name: 'connector', Value: 'sap-s4' },
        { Name: 'service', Value: 'connector-sync' },
      ],
      Period: 300,
      EvaluationPeriods: fixtureConfig.alarms.heartbeatPeriods,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
      AlarmActions: Match.anyValue(),
    });
    // windchill is configured but has no schedule, web neither: no alarm that could only ever fire.
    hub.template.resourcePropertiesCountIs(
      'AWS::CloudWatch::Alarm',
      { MetricName: connectorMetricNames.runSucceeded },
      1,
    );
  });
});

describe('overlapping runs and unthrottled targets', () => {
  it('reserves concurrency for the scheduled sync whose timeout outlasts a schedule period', () => {
    hub.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: fixtureTopology.functions['connector-sync']?.description,
      ReservedConcurrentExecutions: 2,
    });
  });

  it('refuses a schedule shorter than its function timeout without reserved concurrency', () => {
    const overlapping = () =>
      loadTopology([
        {
          functions: { sync: { entry: 'functions/sync.ts', description: 'Long sync', timeoutSeconds: 600 } },
          streamSubscriptions: [],
          schedules: [
            { name: 'often', description: 'Every minute', expression: 'rate(1 minute)', function: 'sync' },
          ],
          rules: [],
          routes: [],
        },
      ]);

    expect(overlapping).toThrow(ConfigError);
    expect(overlapping).toThrow(/schedules\[0\]\.expression: runs every 60s but "sync" may run 600s/);
  });

  it('limits the invocation rate of every API destination, per target or by default', () => {
    hub.template.hasResourceProperties('AWS::Events::ApiDestination', {
      InvocationEndpoint: 'https://callcenter.example.com/tasks',
      InvocationRateLimitPerSecond: 5,
    });
    hub.template.hasResourceProperties('AWS::Events::ApiDestination', {
      InvocationEndpoint: 'https://erp.example.com/demand',
      InvocationRateLimitPerSecond: 10,
    });
    hub.template.resourcePropertiesCountIs(
      'AWS::Events::ApiDestination',
      { InvocationRateLimitPerSecond: Match.absent() },
      0,
    );
  });
});

describe('landing writer for a Segment destination', () => {
  it('lets only the configured principal with its external id put objects under the landing prefix', () => {
    hub.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { AWS: fixtureLandingWriter.principalArn },
            Condition: { StringEquals: { 'sts:ExternalId': fixtureLandingWriter.externalId } },
          }),
        ],
      },
    });
    hub.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 's3:PutObject',
            Resource: { 'Fn::Join': ['', Match.arrayWith(['/segment-logs/*'])] },
          }),
        ],
      },
    });
  });
});

describe('cdk-nag', () => {
  it('reports no unacknowledged finding with every go-live construct in place', () => {
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });

  it("states the hub's own generated key as in-house rotated, and external credentials as rotated elsewhere", () => {
    const smg4 = hub.stack.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(z.record(z.string(), z.string()).parse(entry.data)))
        .filter(([id]) => id.endsWith('AwsSolutions-SMG4'))
        .map(([, reason]) => ({ path: construct.node.path, reason })),
    );

    const cursorKey = smg4.find((ack) => ack.path.includes('CursorKey'));
    const sapSecret = smg4.find((ack) => ack.path.includes('Hub360SapS4'));
    expect(cursorKey?.reason).toMatch(/hub360's own random key .*rotated in-house/);
    expect(sapSecret?.reason).toMatch(/issued by an external system/);
  });
});
