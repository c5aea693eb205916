import { CfnResource, Duration, SecretValue, Stack } from 'aws-cdk-lib';
import {
  ApiDestination,
  Authorization,
  Connection,
  EventBus,
  type EventPattern,
  HttpMethod,
  type IRuleRef,
  Rule,
  RuleTargetInput,
  type RuleTargetInputProperties,
} from 'aws-cdk-lib/aws-events';
import { ApiDestination as ApiDestinationTarget, LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { RuleSpec, RuleTarget } from '../../topology/schema.ts';
import type { ConnectionAuth } from '../config/stage-config.ts';
import { constructId } from './construct-id.ts';
import type { DeadLetterQueues } from './dead-letter-queues.ts';

export interface EventRoutingProps {
  /** Physical bus name. */
  readonly busName: string;
  readonly functionNamed: (name: string) => IFunction;
  /** Resolves an http target's `urlSetting` to its URL; throws naming the setting when it is missing. */
  readonly urlOf: (setting: string) => string;
  readonly secretNamed: (name: string) => ISecret;
  /** Authentication of each connection secret. @default apiKey in the Authorization header */
  readonly connectionAuth: Readonly<Record<string, ConnectionAuth>>;
  readonly deadLetterQueues: DeadLetterQueues;
  /** How long the archive keeps events for replay (events carry personal data, see docs/privacy.md). @default Duration.days(14) */
  readonly archiveRetention?: Duration;
}

/** Connection secret field holding an API key / header value, or the basic-auth password. */
export const connectionSecretField = (auth: ConnectionAuth | undefined): string =>
  auth?.kind === 'basic' ? 'password' : 'apiKeyValue';

/**
 * The hub's custom event bus, an archive for replay, and the topology's rules (see {@link addRule}). Every target gets
 * the rule's retry policy and its own encrypted dead-letter queue; http targets become API destinations
 * whose connection reads its credentials from Secrets Manager.
 */
export class EventRouting extends Construct {
  readonly bus: EventBus;
  private readonly rulesByName = new Map<string, Rule>();
  private readonly connections = new Map<string, Connection>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: EventRoutingProps,
  ) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { eventBusName: props.busName });
    const archive = this.bus.archive('Archive', {
      description: 'Every hub360 event, for replay after a fix',
      eventPattern: { account: [Stack.of(this).account] },
      retention: props.archiveRetention ?? Duration.days(14),
    });
    // CDK renders a missing key as `KmsKeyIdentifier: ""`, which some regions reject; absent means AWS-owned.
    const cfnArchive = archive.node.defaultChild;
    if (cfnArchive instanceof CfnResource) cfnArchive.addPropertyDeletionOverride('KmsKeyIdentifier');
  }

  /** Adds a topology rule with its targets (after the functions it targets exist). */
  addRule(spec: RuleSpec): Rule {
    const rule = new Rule(this, constructId(spec.name), {
      eventBus: this.bus,
      description: spec.description,
      eventPattern: toEventPattern(spec.pattern),
    });
    for (const target of spec.targets) this.addTarget(rule, spec, target);
    this.rulesByName.set(spec.name, rule);
    return rule;
  }

  /** The rules added so far, by topology name. */
  get rules(): ReadonlyMap<string, Rule> {
    return this.rulesByName;
  }

  private addTarget(rule: Rule, spec: RuleSpec, target: RuleTarget): void {
    const deadLetterQueue = this.props.deadLetterQueues.create(
      rule,
      `${constructId(target.id)}Dlq`,
      `rule ${spec.name} target ${target.id}`,
    );
    const delivery = {
      deadLetterQueue,
      retryAttempts: target.retryPolicy.maximumRetryAttempts,
      maxEventAge: Duration.seconds(target.retryPolicy.maximumEventAgeSeconds),
    };
    const input = targetInput(target);
    if (target.kind === 'function') {
      rule.addTarget(
        new LambdaFunction(this.props.functionNamed(target.function), { ...delivery, event: input }),
      );
      return;
    }
    const url = this.props.urlOf(target.urlSetting);
    const destination = new ApiDestination(rule, `${constructId(target.id)}Destination`, {
      description: `${spec.name} -> ${target.urlSetting}`,
      connection: this.connectionFor(target.connectionSecret),
      // `*` is where the API destination puts the path parameter taken from the event.
      endpoint: target.pathParameterPath === undefined ? url : `${url.replace(/\/+$/, '')}/*`,
      httpMethod: HttpMethod[target.method],
      rateLimitPerSecond: target.invocationRateLimitPerSecond,
    });
    const headerPaths = Object.entries(target.headerPaths);
    rule.addTarget(
      new ApiDestinationTarget(destination, {
        ...delivery,
        event: input,
        ...(target.pathParameterPath === undefined
          ? {}
          : { pathParameterValues: [target.pathParameterPath] }),
        ...(headerPaths.length === 0 ? {} : { headerParameters: Object.fromEntries(headerPaths) }),
      }),
    );
  }

  /** One connection per secret, shared by every target that authenticates with it. */
  private connectionFor(secretName: string | undefined): Connection {
    const key = secretName ?? '';
    const known = this.connections.get(key);
    if (known) return known;
    const connection = new Connection(
      this,
      secretName ? `${constructId(secretName)}Connection` : 'PublicConnection',
      {
        description: secretName
          ? `hub360 deliveries authenticated by "${secretName}"`
          : 'hub360 unauthenticated deliveries',
        authorization: secretName
          ? this.authorizationFrom(secretName)
          : // EventBridge requires some authorization; this header only tells the receiver who is calling.
            Authorization.apiKey('X-Hub360-Sender', SecretValue.unsafePlainText('hub360')),
      },
    );
    this.connections.set(key, connection);
    return connection;
  }

  private authorizationFrom(secretName: string): Authorization {
    const auth = this.props.connectionAuth[secretName];
    const secret = this.props.secretNamed(secretName);
    const field = connectionSecretField(auth);
    const value = SecretValue.secretsManager(secret.secretArn, { jsonField: field });
    return auth?.kind === 'basic'
      ? Authorization.basic(auth.username, value)
      : Authorization.apiKey(auth?.headerName ?? 'Authorization', value);
  }
}

/**
 * The topology's pattern is already validated against the full pattern language; CDK's `EventPattern`
 * type only knows a subset of it (e.g. no content filters at the top level) but renders every key verbatim.
 */
const toEventPattern = (pattern: Record<string, unknown>): EventPattern => pattern as EventPattern;

/** The target's input shaping, passed through verbatim (both runtimes apply the same transformer). */
const targetInput = (target: RuleTarget): RuleTargetInput | undefined => {
  if (target.inputTransformer) return new TransformedInput(target.inputTransformer);
  if (target.inputPath) return RuleTargetInput.fromEventPath(target.inputPath);
  return undefined;
};

class TransformedInput extends RuleTargetInput {
  constructor(private readonly transformer: NonNullable<RuleTarget['inputTransformer']>) {
    super();
  }

  bind(_rule: IRuleRef): RuleTargetInputProperties {
    return {
      inputPathsMap: this.transformer.inputPathsMap,
      inputTemplate: this.transformer.inputTemplate,
    };
  }
}
