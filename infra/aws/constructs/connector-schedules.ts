import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Schedule,
  ScheduleExpression,
  ScheduleGroup,
  ScheduleTargetInput,
  TimeWindow,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { ScheduleSpec } from '../../topology/schema.ts';
import { constructId } from './construct-id.ts';
import type { DeadLetterQueues } from './dead-letter-queues.ts';
import { wildcardResourceFinding } from './nag-findings.ts';

export interface ConnectorSchedulesProps {
  /** The topology's schedules; `localOnly` ones are skipped here. */
  readonly schedules: readonly ScheduleSpec[];
  /** Physical name of the schedule group holding the schedules (the stage's own, e.g. `hub360-prod`). */
  readonly groupName: string;
  readonly functionNamed: (name: string) => IFunction;
  readonly deadLetterQueues: DeadLetterQueues;
  /** Scheduler's own retries of a failed invoke (the function's async retries come on top). @default 2 */
  readonly retryAttempts?: number;
}

/** Whether a schedule is deployed to AWS (sandbox-only schedules are not). */
export const deploysToAws = (schedule: ScheduleSpec): boolean => !schedule.localOnly;

/**
 * EventBridge Scheduler schedules that start the connectors: one role Scheduler assumes to invoke
 * exactly these functions, flexible windows where the topology allows them, and a dead-letter queue.
 * They sit in a schedule group of their own, because Scheduler's metrics are per group: in the account's
 * default group they would count any other schedule of the account and region too.
 */
export class ConnectorSchedules extends Construct {
  readonly schedules: ReadonlyMap<string, Schedule>;
  /** The group of the schedules; none when no schedule deploys to AWS. */
  readonly group?: ScheduleGroup;

  constructor(scope: Construct, id: string, props: ConnectorSchedulesProps) {
    super(scope, id);
    const deployed = props.schedules.filter(deploysToAws);
    const schedules = new Map<string, Schedule>();
    if (deployed.length === 0) {
      this.schedules = schedules;
      return;
    }
    // Deleting a group deletes its schedules: it holds only this stack's, which go with the stack anyway.
    this.group = new ScheduleGroup(this, 'Group', {
      scheduleGroupName: props.groupName,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'EventBridge Scheduler invoking hub360 connector functions',
    });
    const deadLetterQueue = props.deadLetterQueues.create(this, 'Dlq', 'EventBridge Scheduler invocations', {
      // Its letters name their target's ARN; the tags name the function each ARN is, for the API.
      letters: {
        kind: 'schedule',
        targets: Object.fromEntries(
          deployed.map((spec) => [spec.function, props.functionNamed(spec.function).functionArn]),
        ),
      },
    });
    const invoked = new Set<IFunction>();
    for (const spec of deployed) {
      const schedule = new Schedule(this, constructId(spec.name), {
        description: spec.description,
        scheduleGroup: this.group,
        schedule: ScheduleExpression.expression(spec.expression),
        timeWindow:
          spec.flexibleWindowMinutes > 0
            ? TimeWindow.flexible(Duration.minutes(spec.flexibleWindowMinutes))
            : TimeWindow.off(),
        target: new LambdaInvoke(props.functionNamed(spec.function), {
          role,
          deadLetterQueue,
          retryAttempts: props.retryAttempts ?? 2,
          maxEventAge: Duration.hours(1),
          input: ScheduleTargetInput.fromObject(spec.input),
        }),
      });
      // The group is named, so CDK writes its name rather than a reference: CloudFormation must still create it first.
      schedule.node.addDependency(this.group);
      schedules.set(spec.name, schedule);
      invoked.add(props.functionNamed(spec.function));
    }
    this.schedules = schedules;
    for (const fn of invoked) {
      Validations.of(role).acknowledge({
        id: wildcardResourceFinding(fn, ':*'),
        reason: `Scheduler may invoke ${fn.node.path} through any of its versions or aliases (":*"); the role can invoke nothing else.`,
      });
    }
  }
}
