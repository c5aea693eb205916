import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Lazy, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { type IFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { customer360Table, type TableDefinition } from '../../adapters/dynamodb/table.ts';
import { ConfigError } from '../../schemas/config/parse-config.ts';
import type { Topology } from '../topology/schema.ts';
import { settingsFromStage, withSettings } from '../topology/settings.ts';
import { configuredConnectors, deployedFunctionSpec } from './config/configured-connectors.ts';
import { protectsData, type StageConfig, stageSubject } from './config/stage-config.ts';
import { checkStageAgainst, missingSetting, stageSecretNames } from './config/stage-requirements.ts';
import { ConnectorHeartbeats, type ScheduledConnector } from './constructs/connector-heartbeats.ts';
import { ConnectorSchedules, deploysToAws } from './constructs/connector-schedules.ts';
import { ConsoleHosting } from './constructs/console-hosting.ts';
import { constructId } from './constructs/construct-id.ts';
import { DailyRunAlarms, dailyRuns } from './constructs/daily-run-alarms.ts';
import { DeadLetterQueues } from './constructs/dead-letter-queues.ts';
import { connectionSecretField, EventRouting } from './constructs/event-routing.ts';
import { HubApi } from './constructs/hub-api.ts';
import { HubFunction } from './constructs/hub-function.ts';
import { HubMonitoring } from './constructs/hub-monitoring.ts';
import { HubTable } from './constructs/hub-table.ts';
import { LandingBucket } from './constructs/landing-bucket.ts';
import { LandingWriter } from './constructs/landing-writer.ts';
import { LogProtection } from './constructs/log-protection.ts';
import { SourceSecrets } from './constructs/source-secrets.ts';
import { StreamAlarms } from './constructs/stream-alarms.ts';
import { StreamSubscriptions } from './constructs/stream-subscriptions.ts';
import { renderFunctionEnvironment } from './function-environment.ts';
import { connectionSecretNames } from './topology-secrets.ts';

/** The repository root: esbuild runs here and topology entries (`functions/...`) are relative to it. */
export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface HubStackProps extends StackProps {
  readonly config: StageConfig;
  readonly topology: Topology;
  /** @default customer360Table */
  readonly table?: TableDefinition;
  /** Directory the topology's `functions/...` entries are relative to. @default the repository root */
  readonly entryRoot?: string;
}

/** hub360 on AWS, built entirely from the topology and the table definition. */
export class HubStack extends Stack {
  readonly functions: ReadonlyMap<string, IFunction>;
  readonly api: HubApi;
  readonly events: EventRouting;

  constructor(scope: Construct, id: string, props: HubStackProps) {
    super(scope, id, props);
    const { config } = props;
    // The stage's settings blocks, checked at synth (naming field and value) and given to the functions that read them.
    const topology = withSettings(props.topology, settingsFromStage(stageSubject(config.stage), config));
    const prefix = `hub360-${config.stage}`;
    checkStageAgainst(topology, config);
    const protectData = protectsData(config);
    const deadLetterQueues = new DeadLetterQueues(this, 'DeadLetterQueues');
    const logs = new LogProtection(this, 'Logs', { protectData });

    const { table } = new HubTable(this, 'Store', {
      definition: props.table ?? customer360Table,
      namePrefix: prefix,
      protectData,
    });
    const landing = new LandingBucket(this, 'Landing', {
      protectData,
      retentionDays: config.landingRetentionDays,
    });
    const landingWriter = config.landingWriter
      ? new LandingWriter(this, 'LandingWriter', { bucket: landing.bucket, writer: config.landingWriter })
      : undefined;
    const connectionSecrets = connectionSecretNames(topology);
    const secrets = new SourceSecrets(this, 'Secrets', {
      names: stageSecretNames(topology, config),
      sources: config.secrets,
      // Connection secrets need the field their connection reads; others get a field nobody reads, so a
      // function never mistakes the placeholder for real credentials.
      placeholderField: (name) =>
        connectionSecrets.has(name) ? connectionSecretField(config.connections[name]) : 'placeholder',
      removalPolicy: protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    // Rules, schedules and routes look functions up by topology name once they all exist.
    const functions = new Map<string, IFunction>();
    const functionNamed = (name: string): IFunction => {
      const fn = functions.get(name);
      // The topology schema already checks references; this guards a stack built from an unchecked object.
      if (!fn) throw new Error(`Topology refers to function "${name}", which is not declared`);
      return fn;
    };
    const events = new EventRouting(this, 'Events', {
      busName: prefix,
      functionNamed,
      functionTimeout: (name) => Duration.seconds(topology.functions[name]?.timeoutSeconds ?? 30),
      urlOf: (setting) => settingValue(config, setting),
      secretNamed: (name) => secrets.get(name),
      connectionAuth: config.connections,
      deadLetterQueues,
      archiveRetention: Duration.days(config.eventArchiveRetentionDays),
    });

    const commonEnvironment = {
      HUB_STAGE: config.stage,
      HUB_TABLE_NAME: table.tableName,
      HUB_EVENT_BUS_NAME: events.bus.eventBusName,
      HUB_LANDING_BUCKET: landing.bucket.bucketName,
    };
    const invokedAsync = asyncInvokedFunctions(topology);
    // Stream consumers hand the batches they give up on to an on-failure queue too (StreamSubscriptions).
    const streamConsumers = new Set(topology.streamSubscriptions.map((s) => s.function));
    for (const [name, topologySpec] of Object.entries(topology.functions)) {
      const id = constructId(name);
      const spec = deployedFunctionSpec(name, topologySpec, config.functionEnvironment);
      const hubFunction = new HubFunction(this, id, {
        name,
        spec,
        entryRoot: props.entryRoot ?? repositoryRoot,
        projectRoot: repositoryRoot,
        commonEnvironment,
        stageEnvironment: renderFunctionEnvironment(
          this,
          config.functionEnvironment[name],
          commonEnvironment,
        ),
        resources: {
          table,
          bus: events.bus,
          landingBucket: landing.bucket,
          secret: (secret) => secrets.get(secret),
        },
        ...(invokedAsync.has(name)
          ? {
              onFailureQueue: deadLetterQueues.create(
                this,
                `${id}AsyncFailures`,
                `async invocations of ${name}`,
                { letters: { kind: 'invocation', origin: `function:${name}` } },
              ),
            }
          : {}),
        logRetention: config.logRetentionDays,
        logRemovalPolicy: logs.removalPolicy,
        logEncryptionKey: logs.key,
        logDataProtection: logs.dataProtection,
      });
      functions.set(name, hubFunction.function);
    }
    this.functions = functions;
    const redriverNamed = (name: string): LambdaFunction => {
      const fn = functionNamed(name);
      if (!(fn instanceof LambdaFunction)) throw new Error(`${name} must be a Lambda function of this stack`);
      return fn;
    };

    for (const rule of topology.rules) events.addRule(rule);
    this.events = events;
    new StreamSubscriptions(this, 'StreamSubscriptions', {
      table,
      subscriptions: topology.streamSubscriptions,
      functionNamed,
      deadLetterQueues,
    });
    const schedules = new ConnectorSchedules(this, 'Schedules', {
      schedules: topology.schedules,
      groupName: prefix,
      functionNamed,
      deadLetterQueues,
    });
    // Every dead-letter queue exists now: the functions that redrive learn where they are and may read them.
    for (const [name, spec] of Object.entries(topology.functions))
      if (spec.grants.deadLetters === 'redrive')
        deadLetterQueues.grantRedrive(
          redriverNamed(name),
          events.bus,
          `${this.stackName}-`,
          (target) => functionNamed(target).functionArn,
          table,
        );
    // The console calls the API from its CloudFront origin; the API URL reaches its config.json lazily.
    const webConsole = new ConsoleHosting(this, 'Console', {
      apiUrl: Lazy.string({ produce: () => this.api.url }),
      oidcIssuer: config.jwtIssuer,
      oidcClientId: config.jwtAudience[0] ?? '',
      logProtection: { encryptionKey: logs.key, dataProtection: logs.dataProtection },
    });
    this.api = new HubApi(this, 'Query', {
      routes: topology.routes,
      functionNamed,
      jwtIssuer: config.jwtIssuer,
      jwtAudience: config.jwtAudience,
      corsOrigins: [...config.corsOrigins, webConsole.origin],
      rateLimit: config.apiThrottle.rateLimit,
      burstLimit: config.apiThrottle.burstLimit,
      accessLogRetention: config.logRetentionDays,
      scopePrefix: config.scopePrefix,
      accessLogProtection: {
        encryptionKey: logs.key,
        dataProtection: logs.dataProtection,
        removalPolicy: logs.removalPolicy,
      },
    });

    const monitoring = new HubMonitoring(this, 'Monitoring', {
      stage: config.stage,
      functions,
      // Functions that sync connectors (their schedules name one): the daily runs and the ledger's sweep emit
      // no connector metrics, so connector alarms on them could never fire.
      connectorFunctions: [
        ...new Set(
          topology.schedules
            .filter((s) => deploysToAws(s) && typeof s.input.connector === 'string')
            .map((s) => s.function),
        ),
      ],
      deadLetterQueues: deadLetterQueues.all,
      deadLetterSenders: {
        bus: events.bus,
        rules: events.rules,
        functions: new Map(
          [...functions].filter(([name]) => invokedAsync.has(name) || streamConsumers.has(name)),
        ),
        scheduleGroup: schedules.group,
      },
      api: this.api.api,
      thresholds: config.alarms,
      alarmEmail: config.alarmEmail,
      alarmTopicArn: config.alarmTopicArn,
    });
    const notify = (alarm: Alarm) => monitoring.notify(alarm);
    new ConnectorHeartbeats(this, 'Heartbeats', {
      connectors: scheduledConnectors(topology, config),
      periods: config.alarms.heartbeatPeriods,
      notify,
    });
    // Each daily run the topology deploys (store check, demand, insights population) is alarmed on work left undone.
    for (const [name, { id, ...run }] of Object.entries(dailyRuns))
      if (topology.functions[name])
        new DailyRunAlarms(this, id, { ...run, dashboard: monitoring.dashboard, notify });
    new StreamAlarms(this, 'StreamAlarms', {
      consumers: new Map(topology.streamSubscriptions.map((s) => [s.function, functionNamed(s.function)])),
      iteratorAgeSeconds: config.alarms.streamIteratorAgeSeconds,
      notify,
    });

    new CfnOutput(this, 'ApiUrl', { description: 'Query API base URL', value: this.api.url });
    new CfnOutput(this, 'ConsoleUrl', { description: 'web console', value: `${webConsole.origin}/` });
    new CfnOutput(this, 'EventBusArn', { description: 'hub360 event bus', value: events.bus.eventBusArn });
    new CfnOutput(this, 'TableName', { description: 'customer-360 table', value: table.tableName });
    new CfnOutput(this, 'LandingBucketName', {
      description: 'clickstream landing bucket',
      value: landing.bucket.bucketName,
    });
    if (landingWriter) {
      new CfnOutput(this, 'LandingWriterRoleArn', {
        description: 'role the Segment S3 destination assumes to write clickstream files',
        value: landingWriter.role.roleArn,
      });
    }
  }
}

/** Functions invoked asynchronously (schedules, rule targets): only these get retries and an on-failure queue. */
const asyncInvokedFunctions = (topology: Topology): Set<string> =>
  new Set([
    ...topology.schedules.filter(deploysToAws).map((schedule) => schedule.function),
    ...topology.rules.flatMap((rule) =>
      rule.targets.flatMap((target) => (target.kind === 'function' ? [target.function] : [])),
    ),
  ]);

/** Connector instances the stage configures that also have a schedule: the ones that must keep syncing. */
const scheduledConnectors = (topology: Topology, config: StageConfig): ScheduledConnector[] =>
  topology.schedules.filter(deploysToAws).flatMap((schedule) => {
    const connector = schedule.input.connector;
    const configured = configuredConnectors(schedule.function, config.functionEnvironment[schedule.function]);
    return typeof connector === 'string' && configured.names.includes(connector)
      ? [{ service: schedule.function, connector, expression: schedule.expression }]
      : [];
  });

/** An http target's URL from the stage config; a missing one stops synth naming the setting. */
const settingValue = (config: StageConfig, setting: string): string => {
  const url = config.settings[setting];
  if (url === undefined) {
    throw new ConfigError(`CDK context for stage "${config.stage}"`, [missingSetting(setting)]);
  }
  return url;
};
