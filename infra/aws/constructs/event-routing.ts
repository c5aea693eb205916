import { CfnResource, Duration, Lazy, SecretValue, Stack } from 'aws-cdk-lib';
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
import { type IFunction, Function as LambdaFunctionResource } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PARKED_QUEUES_VARIABLE } from '../../../schemas/config/reaction-ledger-env.ts';
import type { RuleSpec, RuleTarget } from '../../topology/schema.ts';
import type { ConnectionAuth } from '../config/stage-config.ts';
import { constructId } from './construct-id.ts';
import type { DeadLetterQueues } from './dead-letter-queues.ts';

export interface EventRoutingProps {
  /** Physical bus name. */
  readonly busName: string;
  readonly functionNamed: (name: string) => IFunction;
  /** A function's timeout, which a queue it consumes must hide a received message for at least. */
  readonly functionTimeout: (name: string) => Duration;
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

/** Receives of a dead letter its receipt function fails on before it is parked. */
export const RECEIPT_MAX_RECEIVES = 5;
/** Dead letters per receipt-function invocation: a few, so one slow batch holds back little. */
export const RECEIPT_BATCH_SIZE = 10;

/**
 * The hub's custom event bus, an archive for replay, and the topology's rules (see {@link addRule}). Every target gets
 * the rule's retry policy and its own encrypted dead-letter queue; http targets become API destinations
 * whose connection reads its credentials from Secrets Manager. An http target with `deliveryReceipts` has its
 * dead-letter queue consumed by the receipt function (see {@link EventRouting.deadLettersToReceipts}).
 */
export class EventRouting extends Construct {
  readonly bus: EventBus;
  private readonly rulesByName = new Map<string, Rule>();
  private readonly connections = new Map<string, Connection>();
  /** Each receipt function's consumed dead-letter queues with the parked queue that keeps their letters. */
  private readonly parkedQueues = new Map<string, { source: IQueue; parked: IQueue }[]>();

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
    const receipts = target.kind === 'http' ? target.deliveryReceipts : undefined;
    const deadLetterQueue = receipts
      ? this.deadLettersToReceipts(rule, spec, target.id, receipts.function)
      : this.props.deadLetterQueues.create(
          rule,
          `${constructId(target.id)}Dlq`,
          `rule ${spec.name} target ${target.id}`,
          { letters: { kind: 'event', origin: targetOrigin(spec.name, target.id) } },
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

  /**
   * An API destination reports no per-event success, so on AWS the receipts of an http target are its dead
   * letters: the receipt function consumes the target's dead-letter queue (partial batch responses) and records
   * each message as a failed delivery. Consuming removes the message, so every dead letter ends in the target's
   * parked queue, alarmed like any dead-letter queue: the function keeps each one it recorded there (it gets the
   * queue pairs as `HUB_REACTION_PARKED_QUEUES` and may send to the parked queues), and what it cannot record
   * moves there after {@link RECEIPT_MAX_RECEIVES} receives. An operator re-sends or deletes it there.
   */
  private deadLettersToReceipts(rule: Rule, spec: RuleSpec, targetId: string, receiver: string) {
    const id = constructId(targetId);
    const parked = this.props.deadLetterQueues.create(
      rule,
      `${id}ReceiptsParked`,
      `failed deliveries of rule ${spec.name} target ${targetId}, kept for re-sending (recorded by ${receiver}, or not recordable)`,
      // The consumed queue is empty within seconds; its letters are read here, body and attributes unchanged.
      { letters: { kind: 'event', origin: targetOrigin(spec.name, targetId), recordedBy: receiver } },
    );
    const queue = this.props.deadLetterQueues.create(
      rule,
      `${id}Dlq`,
      `rule ${spec.name} target ${targetId}`,
      {
        consumedBy: receiver,
        redrive: { queue: parked, maxReceiveCount: RECEIPT_MAX_RECEIVES },
        // Lambda's guidance for an SQS event source: six times the function's timeout, so a throttled or
        // retried batch is not offered again while it is still being handled.
        visibilityTimeout: Duration.seconds(this.props.functionTimeout(receiver).toSeconds() * 6),
      },
    );
    const fn = this.props.functionNamed(receiver);
    fn.addEventSource(
      new SqsEventSource(queue, { batchSize: RECEIPT_BATCH_SIZE, reportBatchItemFailures: true }),
    );
    this.keepIn(fn, { source: queue, parked });
    return queue;
  }

  /** Lets the receipt function keep a consumed queue's dead letters in its parked queue (one variable, all pairs). */
  private keepIn(fn: IFunction, pair: { source: IQueue; parked: IQueue }) {
    if (!(fn instanceof LambdaFunctionResource))
      throw new Error(`the receipt function ${fn.node.path} must be a Lambda function of this stack`);
    pair.parked.grantSendMessages(fn);
    const pairs = this.parkedQueues.get(fn.node.path);
    if (pairs) {
      pairs.push(pair);
      return;
    }
    const first = [pair];
    this.parkedQueues.set(fn.node.path, first);
    fn.addEnvironment(
      PARKED_QUEUES_VARIABLE,
      Lazy.string({
        produce: () =>
          Stack.of(this).toJsonString(
            first.map(({ source, parked }) => ({ source: source.queueArn, parked: parked.queueUrl })),
          ),
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

/** The origin a rule target's dead letters have, as the API lists them (DeadLetterOriginSchema). */
const targetOrigin = (rule: string, target: string): string => `rule:${rule}/target:${target}`;

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
