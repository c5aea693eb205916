import { join } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type DataProtectionPolicy, LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../../topology/schema.ts';
import { isSecretArn } from '../config/configured-connectors.ts';
import { wildcardResourceFinding } from './nag-findings.ts';
import { secretArnVariable } from './secret-variables.ts';

/** The resources a function's `grants` may refer to. */
export interface GrantableResources {
  readonly table: ITable;
  readonly bus: IEventBus;
  readonly landingBucket: IBucket;
  /** Looks up a secret by its topology name. */
  readonly secret: (name: string) => ISecret;
}

export interface HubFunctionProps {
  /** The function's topology name; also its Powertools service name. */
  readonly name: string;
  readonly spec: FunctionSpec;
  /** Directory the spec's `entry` (`functions/...`) is relative to: the repository root, or a test fixture root. */
  readonly entryRoot: string;
  /** Repository root holding `package-lock.json`; esbuild runs from here. */
  readonly projectRoot: string;
  /** Variables every hub function receives (`HUB_STAGE`, table, bus and bucket names). */
  readonly commonEnvironment: Readonly<Record<string, string>>;
  /** Per-stage variables for this function (source endpoints...), applied over the spec's. @default {} */
  readonly stageEnvironment?: Readonly<Record<string, string>>;
  readonly resources: GrantableResources;
  /**
   * Queue receiving async invocations that failed all retries; only for functions invoked asynchronously
   * (schedules, rule targets). @default none: a synchronous caller (API, stream mapping) sees the error itself
   */
  readonly onFailureQueue?: IQueue;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default RemovalPolicy.DESTROY (log groups of a torn-down stack are not kept) */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** Customer-managed key encrypting the log group. @default CloudWatch Logs' own encryption */
  readonly logEncryptionKey?: IKey;
  /** Masks personal data (e-mail, phone, IP) in the log group. @default none */
  readonly logDataProtection?: DataProtectionPolicy;
  /** Powertools metrics namespace. @default 'hub360' */
  readonly metricsNamespace?: string;
}

/**
 * hub360's Lambda defaults in one construct: Node.js 22 on arm64, a minified ESM bundle with source maps
 * built by the locally installed esbuild, Powertools settings, an explicit log group, X-Ray tracing,
 * async retries with an on-failure queue, and IAM limited to the spec's grants.
 */
export class HubFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: HubFunctionProps) {
    super(scope, id);
    const { spec, resources } = props;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? 30,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
      ...(props.logEncryptionKey ? { encryptionKey: props.logEncryptionKey } : {}),
      ...(props.logDataProtection ? { dataProtectionPolicy: props.logDataProtection } : {}),
    });
    // Our own role instead of AWSLambdaBasicExecutionRole: log writes are limited to this function's log group.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `hub360 ${props.name}`,
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(props.entryRoot, spec.entry),
      handler: spec.handler,
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
      description: spec.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      ...(props.onFailureQueue
        ? { retryAttempts: spec.asyncRetries, onFailure: new SqsDestination(props.onFailureQueue) }
        : {}),
      ...(spec.reservedConcurrency ? { reservedConcurrentExecutions: spec.reservedConcurrency } : {}),
      environment: {
        ...props.commonEnvironment,
        ...secretVariables(spec, resources),
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace ?? 'hub360',
        NODE_OPTIONS: '--enable-source-maps',
        ...spec.environment,
        ...props.stageEnvironment,
      },
      bundling: {
        // Local esbuild from node_modules (run through `npx --no-install`): no Docker, no downloads.
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        // Prefer ESM builds of dependencies so esbuild can drop what a function does not import.
        mainFields: ['module', 'main'],
        // CommonJS dependencies call require() for Node built-ins; ESM output has no require of its own.
        banner:
          "import { createRequire as __hubCreateRequire } from 'node:module';const require = __hubCreateRequire(import.meta.url);",
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        target: 'node22',
        // The SDK is bundled, not taken from the runtime: the same versions run locally and on AWS.
        externalModules: [],
      },
    });

    grantSpec(this.function, spec, resources);
    acknowledgeFindings(role, spec, resources);
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the runtime hub360 is built and tested for (the local runtime runs the same handlers on Node 20/22); moving to a newer major is a deliberate upgrade.',
    });
  }
}

const secretVariables = (spec: FunctionSpec, resources: GrantableResources): Record<string, string> =>
  Object.fromEntries(
    spec.grants.secrets
      // A reference that is an ARN already is what the function looks up; names get their ARN passed.
      .filter((name) => !isSecretArn(name))
      .map((name) => [secretArnVariable(name), resources.secret(name).secretArn]),
  );

const grantSpec = (fn: NodejsFunction, spec: FunctionSpec, resources: GrantableResources): void => {
  const { grants } = spec;
  if (grants.table === 'read') resources.table.grantReadData(fn);
  if (grants.table === 'readWrite') resources.table.grantReadWriteData(fn);
  if (grants.bus === 'put') {
    // Only the sources this function owns: no function can impersonate another component's events.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [resources.bus.eventBusArn],
        conditions: { StringEquals: { 'events:source': [...grants.eventSources] } },
      }),
    );
  }
  if (grants.landingBucket === 'read') {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [resources.landingBucket.bucketArn],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [resources.landingBucket.arnForObjects('*')],
      }),
    );
  }
  for (const name of grants.secrets) resources.secret(name).grantRead(fn);
};

/** cdk-nag findings these grants cause by design, acknowledged only on the roles that have them. */
const acknowledgeFindings = (role: Role, spec: FunctionSpec, resources: GrantableResources): void => {
  const ack = (id: string, reason: string) => Validations.of(role).acknowledge({ id, reason });
  ack(
    'AwsSolutions-IAM5[Resource::*]',
    'Only actions without resource-level permissions use "*": X-Ray PutTraceSegments/PutTelemetryRecords (tracing), for stream consumers dynamodb:ListStreams, and for the dead-letter reader sqs:ListQueues (by the stack\'s name prefix).',
  );
  if (spec.grants.table !== 'none') {
    ack(
      wildcardResourceFinding(resources.table, '/index/*'),
      'Queries go through the table\'s GSIs; "index/*" is limited to the indexes of this one table.',
    );
  }
  if (spec.grants.table === 'readWrite') {
    ack(
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
      'Writing to the KMS-encrypted table; the grant is on its key only.',
    );
    ack(
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'Writing to the KMS-encrypted table; the grant is on its key only.',
    );
  }
  if (spec.grants.landingBucket === 'read') {
    ack(
      wildcardResourceFinding(resources.landingBucket, '/*'),
      'Clickstream files land under keys chosen by the Segment destination; reads are s3:GetObject in this bucket only.',
    );
  }
};
