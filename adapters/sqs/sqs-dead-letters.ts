import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  type Message,
  ReceiveMessageCommand,
  type ReceiveMessageCommandInput,
  SQSClient,
} from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { clipReason, failureReason } from '../../core/dead-letters/failure-reason.ts';
import {
  DeadLetterNotRedrivableError,
  type DeadLetterQueue,
  type Redriven,
} from '../../core/ports/dead-letter-queue.ts';
import type { DeadLetter, DeadLetterQuery } from '../../schemas/api/dead-letters.ts';
import {
  DEAD_LETTER_TAGS,
  type DeadLetterKind,
  DeadLetterQueueTagsSchema,
  ScheduleTargetArnSchema,
} from '../../schemas/config/dead-letter-queues-env.ts';

/** Receives per queue when listing, of up to 10 messages each: the list shows at most 100 letters per queue. */
export const MAX_LISTED_PER_QUEUE = 100;
const RECEIVES_PER_QUEUE = MAX_LISTED_PER_QUEUE / 10;
/** How long a message looked at while searching for a redrive stays hidden (it is released right after). */
const SEARCH_VISIBILITY_SECONDS = 30;

/** A readable dead-letter queue, as its tags describe it. */
export interface DescribedQueue {
  readonly url: string;
  readonly kind: DeadLetterKind;
  /** Every letter's origin; absent for `schedule` queues, whose letters name their function. */
  readonly origin?: string;
  /** For `schedule`: `function:<name>` by the ARN of each function the schedules invoke. */
  readonly targets?: ReadonlyMap<string, string>;
  /** For reactions' failed deliveries: the function that recorded them in the reaction ledger. */
  readonly recordedBy?: string;
}

/** A queue's tags do not describe it as the API expects: a deployment mistake, named with the queue. */
export class DeadLetterQueueTagsError extends Error {
  override readonly name = 'DeadLetterQueueTagsError';
}

export interface SqsDeadLettersOptions {
  /** Every queue name of the stack starts with it. */
  readonly queueNamePrefix: string;
  /** The hub bus a rule target's event is put on again. */
  readonly busName: string;
  readonly sqs?: SQSClient;
  readonly events?: EventBridgeClient;
  readonly lambda?: LambdaClient;
  readonly now?: () => Date;
}

/**
 * The stack's SQS dead-letter queues behind the {@link DeadLetterQueue} port. Queues are found by name prefix and
 * read only when tagged ({@link DEAD_LETTER_TAGS}); consumed queues are untagged (their letters wait in a parked
 * queue, which is). Listing peeks (visibility timeout 0), so nothing is taken out and at most
 * {@link MAX_LISTED_PER_QUEUE} letters per queue are shown. A redrive resubmits an event with PutEvents to the
 * hub bus (every rule matching it sees it again), a failed async invocation or a Scheduler dead letter by invoking
 * its function again asynchronously with the payload it had, and then deletes the message; stream pointers are
 * list-only, answered with {@link DeadLetterNotRedrivableError}. A reaction's failed delivery (a queue tagged
 * {@link DEAD_LETTER_TAGS.recordedBy}) is answered with the event and attributes it re-sent: no receipt follows.
 */
export const createSqsDeadLetters = (options: SqsDeadLettersOptions): DeadLetterQueue => {
  const sqs = options.sqs ?? new SQSClient({});
  const events = options.events ?? new EventBridgeClient({});
  const lambda = options.lambda ?? new LambdaClient({});
  const now = options.now ?? (() => new Date());
  let described: Promise<readonly DescribedQueue[]> | undefined;
  // Queues and their tags do not change between deployments; a failed look-up is tried again next time.
  const queues = () => {
    described ??= describeQueues(sqs, options.queueNamePrefix).catch((err: unknown) => {
      described = undefined;
      throw err;
    });
    return described;
  };

  return {
    async list(query) {
      const all = await queues();
      const read = all.filter((queue) => queue.origin === undefined || matchesOrigin(queue.origin, query));
      const letters = await Promise.all(
        read.map(async (queue) =>
          (await peek(sqs, queue.url)).map((message) => toDeadLetter(message, queue, now())),
        ),
      );
      return letters.flat().filter((letter) => matchesOrigin(letter.origin, query));
    },

    async redrive(id) {
      const all = await queues();
      const found = await Promise.all(
        all.map(async (queue) => ({ queue, message: await find(sqs, queue.url, id) })),
      );
      const hit = found.find((candidate) => candidate.message !== undefined);
      if (!hit?.message) return undefined;
      const { queue, message } = hit;
      const letter = toDeadLetter(message, queue, now());
      try {
        const detail = await resubmit({ events, lambda, busName: options.busName }, queue, letter, message);
        await sqs.send(deleteMessage(queue.url, message));
        return {
          id,
          origin: letter.origin,
          redrivenAt: now().toISOString(),
          detail,
          ...(queue.kind === 'event' && queue.recordedBy !== undefined
            ? { reactionResent: { body: message.Body ?? '', attributes: stringAttributes(message) } }
            : {}),
        } satisfies Redriven;
      } catch (err: unknown) {
        // Not resubmitted: the letter is shown again at once rather than after the search's timeout.
        await sqs.send(releaseMessage(queue.url, message)).catch(() => undefined);
        throw err;
      }
    },
  };
};

/** Exact origin, or a prefix ending in `*`. */
export const matchesOrigin = (origin: string, query: DeadLetterQuery): boolean => {
  const wanted = query.origin;
  if (wanted === undefined) return true;
  return wanted.endsWith('*') ? origin.startsWith(wanted.slice(0, -1)) : origin === wanted;
};

const describeQueues = async (sqs: SQSClient, prefix: string): Promise<DescribedQueue[]> => {
  const urls: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sqs.send(
      new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 1000, NextToken: nextToken }),
    );
    urls.push(...(page.QueueUrls ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  const described = await Promise.all(
    urls.map(async (url) => {
      const { Tags = {} } = await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }));
      return describeQueue(url, Tags);
    }),
  );
  return described.flatMap((queue) => (queue ? [queue] : []));
};

/** A queue from its tags; undefined for a queue of the stack that is not a readable dead-letter queue. */
export const describeQueue = (url: string, tags: Record<string, string>): DescribedQueue | undefined => {
  if (tags[DEAD_LETTER_TAGS.kind] === undefined) return undefined;
  const parsed = DeadLetterQueueTagsSchema.safeParse(tags);
  if (!parsed.success)
    throw new DeadLetterQueueTagsError(
      `queue ${url} is tagged as a dead-letter queue, but ${parsed.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ')}`,
    );
  const origin = parsed.data[DEAD_LETTER_TAGS.origin];
  const kind = parsed.data[DEAD_LETTER_TAGS.kind];
  const recordedBy = parsed.data[DEAD_LETTER_TAGS.recordedBy];
  const targets = Object.entries(tags).flatMap(([key, value]) =>
    key.startsWith(DEAD_LETTER_TAGS.targetPrefix) && ScheduleTargetArnSchema.safeParse(value).success
      ? [[value, `function:${key.slice(DEAD_LETTER_TAGS.targetPrefix.length)}`] as const]
      : [],
  );
  return {
    url,
    kind,
    ...(origin === undefined ? {} : { origin }),
    ...(kind === 'schedule' ? { targets: new Map(targets) } : {}),
    ...(recordedBy === undefined ? {} : { recordedBy }),
  };
};

const receive = (url: string, visibilityTimeout: number): ReceiveMessageCommandInput => ({
  QueueUrl: url,
  MaxNumberOfMessages: 10,
  VisibilityTimeout: visibilityTimeout,
  // A short long-poll samples every SQS server, so a small queue is not answered empty.
  WaitTimeSeconds: 1,
  MessageAttributeNames: ['All'],
  MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'],
});

/** Up to {@link MAX_LISTED_PER_QUEUE} messages, left where they are; stops at a receive that brings nothing new. */
const peek = async (sqs: SQSClient, url: string): Promise<Message[]> => {
  const seen = new Map<string, Message>();
  for (let round = 0; round < RECEIVES_PER_QUEUE && seen.size < MAX_LISTED_PER_QUEUE; round += 1) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand(receive(url, 0)));
    const fresh = Messages.filter((m) => m.MessageId !== undefined && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    for (const message of fresh) if (message.MessageId) seen.set(message.MessageId, message);
  }
  return [...seen.values()].slice(0, MAX_LISTED_PER_QUEUE);
};

/**
 * The message with the id, received (hidden) so it can be deleted; every other message looked at is released.
 * Bounded like listing: a letter beyond the first {@link MAX_LISTED_PER_QUEUE} of its queue is not found.
 */
const find = async (sqs: SQSClient, url: string, id: string): Promise<Message | undefined> => {
  const others: Message[] = [];
  let found: Message | undefined;
  try {
    for (let round = 0; round < RECEIVES_PER_QUEUE && !found; round += 1) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand(receive(url, SEARCH_VISIBILITY_SECONDS)),
      );
      const fresh = Messages.filter((m) => !others.some((other) => other.MessageId === m.MessageId));
      if (fresh.length === 0) break;
      for (const message of fresh) {
        if (message.MessageId === id && !found) found = message;
        else others.push(message);
      }
    }
  } finally {
    await Promise.all(others.map((message) => sqs.send(releaseMessage(url, message)).catch(() => undefined)));
  }
  return found;
};

const releaseMessage = (url: string, message: Message) =>
  new ChangeMessageVisibilityCommand({
    QueueUrl: url,
    ReceiptHandle: message.ReceiptHandle,
    VisibilityTimeout: 0,
  });

const deleteMessage = (url: string, message: Message) =>
  new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle });

/** A message's string attributes as EventBridge wrote them (`RULE_ARN`, `ERROR_CODE`, …). */
const stringAttributes = (message: Message): Record<string, string> =>
  Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).flatMap(([name, value]) =>
      value.StringValue === undefined ? [] : [[name, value.StringValue]],
    ),
  );

/** EventBridge's (and Scheduler's) dead-letter attributes, the ones read. */
const attributeText = (message: Message, name: string): string | undefined => {
  const value = message.MessageAttributes?.[name]?.StringValue;
  return value === undefined || value === '' ? undefined : value;
};

/** The event as EventBridge wrote it into a rule target's dead-letter queue. */
const DeadLetteredEventSchema = z.looseObject({
  id: z.string().min(1),
  source: z.string().min(1),
  'detail-type': z.string().min(1),
  time: z.string().optional(),
  resources: z.array(z.string()).optional(),
  detail: z.unknown(),
});

/** Lambda's on-failure record of an async invocation or a stream batch (the fields read). */
const FailureRecordSchema = z.looseObject({
  timestamp: z.string().optional(),
  requestContext: z.looseObject({
    functionArn: z.string().optional(),
    condition: z.string().optional(),
    approximateInvokeCount: z.number().int().min(0).optional(),
  }),
  responseContext: z.looseObject({ functionError: z.string().optional() }).optional(),
  responsePayload: z.unknown().optional(),
  requestPayload: z.unknown().optional(),
  DDBStreamBatchInfo: z.unknown().optional(),
});
type FailureRecord = z.infer<typeof FailureRecordSchema>;

const ErrorPayloadSchema = z.looseObject({
  errorType: z.string().optional(),
  errorMessage: z.string().optional(),
});

const jsonOf = (body: string | undefined): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: JSON.parse(body ?? '') };
  } catch {
    return { ok: false };
  }
};

/** What EventBridge's or Scheduler's attributes say the failure was. */
const attributeReason = (message: Message): string =>
  failureReason({
    code: attributeText(message, 'ERROR_CODE'),
    condition: attributeText(message, 'EXHAUSTED_RETRY_CONDITION'),
    message: attributeText(message, 'ERROR_MESSAGE'),
  });

const recordReason = (record: FailureRecord): string => {
  const error = ErrorPayloadSchema.safeParse(record.responsePayload);
  const named = error.success
    ? [error.data.errorType, error.data.errorMessage].filter((part) => part !== undefined).join(': ')
    : '';
  const condition = record.requestContext.condition;
  const what = named || record.responseContext?.functionError || 'FunctionError';
  return `${what}${condition ? ` (${condition})` : ''}`;
};

/** The name a Scheduler target's ARN has in the topology, or the function's own name. */
const scheduledOrigin = (message: Message, functions: ReadonlyMap<string, string> = new Map()): string => {
  const target = attributeText(message, 'TARGET_ARN');
  if (target === undefined) return 'function:unknown';
  const unqualified = target.split(':').slice(0, 7).join(':');
  return functions.get(unqualified) ?? `function:${unqualified.split(':')[6] ?? 'unknown'}`;
};

/**
 * One message as a dead letter. What cannot be read is listed all the same, with the raw body as its payload and
 * a reason that says what was unreadable: one odd message never hides the others.
 */
export const toDeadLetter = (message: Message, queue: DescribedQueue, now: Date): DeadLetter => {
  const sent = message.Attributes?.SentTimestamp;
  const time = new Date(sent && /^\d+$/.test(sent) ? Number(sent) : now.getTime()).toISOString();
  const origin = queue.origin ?? scheduledOrigin(message, queue.targets);
  const base = { id: message.MessageId ?? 'unknown', time, origin };
  const body = jsonOf(message.Body);
  const unreadable = (what: string): DeadLetter => ({
    ...base,
    reason: clipReason(`unreadable ${queue.kind} dead letter (${what}); ${attributeReason(message)}`),
    attempts: Number(message.Attributes?.ApproximateReceiveCount ?? 0) || 0,
    payload: body.ok ? body.value : (message.Body ?? null),
  });
  if (!body.ok) return unreadable('the body is not JSON');

  if (queue.kind === 'event' || queue.kind === 'schedule') {
    if (queue.kind === 'event' && !DeadLetteredEventSchema.safeParse(body.value).success)
      return unreadable('the body is not an EventBridge event');
    const retries = attributeText(message, 'RETRY_ATTEMPTS');
    return {
      ...base,
      reason: clipReason(attributeReason(message)),
      attempts: (retries && /^\d+$/.test(retries) ? Number(retries) : 0) + 1,
      payload: body.value,
    };
  }

  const record = FailureRecordSchema.safeParse(body.value);
  if (!record.success) return unreadable('the body is not a Lambda failure record');
  const recordTime = record.data.timestamp && Date.parse(record.data.timestamp);
  return {
    ...base,
    ...(recordTime ? { time: new Date(recordTime).toISOString() } : {}),
    reason: clipReason(recordReason(record.data)),
    attempts: record.data.requestContext.approximateInvokeCount ?? 1,
    payload: queue.kind === 'invocation' ? record.data.requestPayload : record.data.DDBStreamBatchInfo,
  };
};

/** Why a stream failure cannot be redriven. */
const STREAM_POINTER_NOT_REDRIVABLE =
  'a stream failure is a pointer to change records, not the records; read them from the stream within 24 hours (docs/operations.md)';

/** The function a Lambda failure record names (its ARN as invoked, with `$LATEST` or an alias). */
const invokedFunction = (message: Message): string | undefined => {
  const body = jsonOf(message.Body);
  const record = body.ok ? FailureRecordSchema.safeParse(body.value) : undefined;
  return record?.success ? record.data.requestContext.functionArn : undefined;
};

/** A function ARN without its version or alias (`…:function:name`), the resource the redrive may invoke. */
const unqualifiedArn = (arn: string): string => arn.split(':').slice(0, 7).join(':');

interface Resubmitters {
  readonly events: EventBridgeClient;
  readonly lambda: LambdaClient;
  readonly busName: string;
}

/** Puts the event back on the bus, or invokes the function again; what the result says was resubmitted. */
const resubmit = async (
  clients: Resubmitters,
  queue: DescribedQueue,
  letter: DeadLetter,
  message: Message,
): Promise<string> => {
  if (queue.kind === 'stream-pointer')
    throw new DeadLetterNotRedrivableError(letter.id, STREAM_POINTER_NOT_REDRIVABLE);
  if (queue.kind === 'event') return republish(clients, letter, message);
  const target = queue.kind === 'schedule' ? attributeText(message, 'TARGET_ARN') : invokedFunction(message);
  if (target === undefined)
    throw new DeadLetterNotRedrivableError(
      letter.id,
      `it names no function to invoke (${queue.kind === 'schedule' ? 'no TARGET_ARN attribute' : 'no requestContext.functionArn'}); delete it in SQS`,
    );
  const functionArn = unqualifiedArn(target);
  const answer = await clients.lambda.send(
    new InvokeCommand({
      FunctionName: functionArn,
      InvocationType: 'Event',
      Payload: new TextEncoder().encode(JSON.stringify(letter.payload ?? {})),
    }),
  );
  if (answer.StatusCode !== 202)
    throw new Error(
      `Lambda did not accept the invocation of ${functionArn} (status ${answer.StatusCode ?? 'none'})`,
    );
  return `${letter.origin} invoked again asynchronously with the payload it had (${functionArn}); a new failure comes back as a new dead letter`;
};

/** Puts the event back on the bus; what the result says was resubmitted. */
const republish = async (
  { events, busName }: Resubmitters,
  letter: DeadLetter,
  message: Message,
): Promise<string> => {
  const event = DeadLetteredEventSchema.safeParse(letter.payload);
  if (!event.success)
    throw new DeadLetterNotRedrivableError(
      letter.id,
      'its body is not an EventBridge event; delete it in SQS',
    );
  const answer = await events.send(new PutEventsCommand({ Entries: [putEntry(busName, event.data)] }));
  const failed = answer.Entries?.find((entry) => entry.ErrorCode);
  if ((answer.FailedEntryCount ?? 0) > 0 || failed)
    throw new Error(
      `PutEvents refused the dead letter ${message.MessageId}: ${failed?.ErrorCode ?? 'unknown'} ${failed?.ErrorMessage ?? ''}`.trim(),
    );
  return `event ${event.data.id} (${event.data['detail-type']}) put on bus ${busName} again: every rule matching it sees it again (reaction deliveries carry an Idempotency-Key, so receivers can drop duplicates)`;
};

/** The PutEvents entry that re-publishes a dead-lettered event: same source, type, detail, resources and time. */
export const putEntry = (busName: string, event: z.infer<typeof DeadLetteredEventSchema>) => ({
  EventBusName: busName,
  Source: event.source,
  DetailType: event['detail-type'],
  Detail: JSON.stringify(event.detail ?? {}),
  ...(event.resources && event.resources.length > 0 ? { Resources: event.resources } : {}),
  ...(event.time && !Number.isNaN(Date.parse(event.time)) ? { Time: new Date(event.time) } : {}),
});
