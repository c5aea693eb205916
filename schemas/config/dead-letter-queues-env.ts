import * as z from 'zod';
import { DeadLetterOriginSchema } from '../api/dead-letters.ts';
import { optionalJsonVariable } from './json-variable.ts';
import { parseConfig } from './parse-config.ts';

/**
 * Where `api-dead-letters` finds the stack's dead-letter queues on AWS (set by the CDK stack): the prefix every
 * queue name of the stack starts with. The queues themselves carry what their letters are as tags
 * ({@link DEAD_LETTER_TAGS}): thirty-odd queue URLs with their origins would not fit Lambda's 4 KB environment.
 */
export const DEAD_LETTER_QUEUES_VARIABLE = 'HUB_DEAD_LETTER_QUEUES';

/** The tags that describe a dead-letter queue the API may read; a queue without them is not listed. */
export const DEAD_LETTER_TAGS = {
  /** What a message in the queue is: see {@link DeadLetterKindSchema}. */
  kind: 'hub360:dead-letters',
  /** The origin every letter of the queue has (absent for `schedule`, whose letters name their function). */
  origin: 'hub360:dead-letter-origin',
  /** For `schedule`: `<prefix><function>` = the ARN of a function the schedules invoke (its letters name the ARN). */
  targetPrefix: 'hub360:dead-letter-target:',
  /**
   * For an `event` queue holding reactions' failed deliveries: the function that recorded each letter in the
   * reaction ledger (a parked queue of delivery receipts). A redrive re-sends the reaction, which the ledger is told.
   */
  recordedBy: 'hub360:dead-letters-recorded-by',
} as const;

/**
 * What a queue's messages are, which decides how they are read and redriven:
 * `event` – an EventBridge rule target's dead letter (body: the event; EventBridge's attributes), also in a
 * parked queue; `invocation` – a Lambda on-failure record of an async invocation; `stream-pointer` – a stream
 * event source's on-failure record (a pointer to the records, not the records); `schedule` – an EventBridge
 * Scheduler dead letter (body: the schedule's input; Scheduler's attributes).
 */
export const DeadLetterKindSchema = z.enum(['event', 'invocation', 'stream-pointer', 'schedule']);
export type DeadLetterKind = z.infer<typeof DeadLetterKindSchema>;

/** A `schedule` queue's target tag: the value is the ARN of the function the key names. */
export const ScheduleTargetArnSchema = z.string().startsWith('arn:', 'must be the ARN of a Lambda function');

/** A readable dead-letter queue as its tags describe it (other tags are ignored). */
export const DeadLetterQueueTagsSchema = z
  .object({
    [DEAD_LETTER_TAGS.kind]: DeadLetterKindSchema,
    [DEAD_LETTER_TAGS.origin]: DeadLetterOriginSchema.optional(),
    [DEAD_LETTER_TAGS.recordedBy]: z.string().min(1).optional(),
  })
  .superRefine((tags, ctx) => {
    if (tags[DEAD_LETTER_TAGS.kind] !== 'schedule' && tags[DEAD_LETTER_TAGS.origin] === undefined)
      ctx.addIssue({
        code: 'custom',
        path: [DEAD_LETTER_TAGS.origin],
        message: 'is required for every kind but schedule',
      });
    if (tags[DEAD_LETTER_TAGS.recordedBy] !== undefined && tags[DEAD_LETTER_TAGS.kind] !== 'event')
      ctx.addIssue({
        code: 'custom',
        path: [DEAD_LETTER_TAGS.recordedBy],
        message: 'is only for event queues (failed deliveries of rule targets)',
      });
  });

const DeadLetterQueuesConfigSchema = z.strictObject({
  /** Every queue of the stack has a name starting with this (CloudFormation names them `<stack>-<id>-<suffix>`). */
  queueNamePrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,80}$/, 'must be the start of an SQS queue name, such as hub360-prod-'),
});
export type DeadLetterQueuesConfig = z.infer<typeof DeadLetterQueuesConfigSchema>;

const DeadLetterQueuesEnvSchema = z.object({
  [DEAD_LETTER_QUEUES_VARIABLE]: optionalJsonVariable(
    DeadLetterQueuesConfigSchema,
    'JSON: {"queueNamePrefix": "<stack name>-"}',
  ),
});

/** Where the stack's dead-letter queues are; undefined when the variable is unset (locally). Throws naming the field. */
export const deadLetterQueuesFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
): DeadLetterQueuesConfig | undefined =>
  parseConfig(DeadLetterQueuesEnvSchema, env, 'dead-letter queues environment')[DEAD_LETTER_QUEUES_VARIABLE];
