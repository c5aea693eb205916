import * as z from 'zod';
import { clipReason, failureReason } from '../../core/dead-letters/failure-reason.ts';
import type { DeadLetterKeeper, KeptDeadLetter } from '../../core/ports/dead-letter-keeper.ts';
import type { LedgerEntryRef, ReactionLedger } from '../../core/ports/reaction-ledger.ts';
import {
  type DeliveryReceiptInput,
  DeliveryReceiptInputSchema,
  entryRefOf,
  recordDelivery,
} from './record-delivery.ts';

/**
 * On AWS an API destination reports no per-event success; what it gives up on lands in the target's
 * dead-letter queue, which the stack wires to the receipt function as an SQS event source. Each message is
 * one failed delivery, told here as a `failed` receipt like the ones the local bus sends.
 *
 * What EventBridge writes (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html, "Each
 * message in your DLQ will include the following custom attributes"): message attributes `RULE_ARN`,
 * `TARGET_ARN`, `ERROR_CODE` (e.g. `SDK_CLIENT_ERROR`, `THROTTLING`), `ERROR_MESSAGE`,
 * `EXHAUSTED_RETRY_CONDITION` (`MaximumRetryAttempts` or `MaximumEventAgeInSeconds`) and `RETRY_ATTEMPTS`;
 * the body is the event as the rule matched it, not the target's transformed input (as reported from
 * production in https://github.com/serverless/serverless/issues/4647). Only `RULE_ARN` and the body are
 * required here: an error with no retries (a 4xx other than 429) may come without the retry attributes.
 */

const attribute = z.object({ stringValue: z.string().min(1) });

/** One EventBridge dead letter as the SQS event source hands it to Lambda (the fields read). */
export const DeadLetterRecordSchema = z.object({
  messageId: z.string().min(1),
  /** The dead-letter queue the message came from: which parked queue keeps it. */
  eventSourceARN: z.string().min(1),
  body: z.string(),
  attributes: z.object({ SentTimestamp: z.string().regex(/^\d+$/).optional() }).optional(),
  messageAttributes: z.object({
    RULE_ARN: attribute,
    TARGET_ARN: attribute.optional(),
    ERROR_CODE: attribute.optional(),
    ERROR_MESSAGE: attribute.optional(),
    EXHAUSTED_RETRY_CONDITION: attribute.optional(),
    RETRY_ATTEMPTS: z.object({ stringValue: z.string().regex(/^\d+$/) }).optional(),
  }),
});
export type DeadLetterRecord = z.infer<typeof DeadLetterRecordSchema>;

/** A batch from an SQS event source: each record is parsed on its own, so one bad message fails alone. */
export const DeadLetterBatchSchema = z.object({
  Records: z.array(z.looseObject({ messageId: z.string().min(1), eventSource: z.literal('aws:sqs') })),
});

/** True for an SQS batch (the ledger function also receives ledger inputs, receipts and sweeps). */
export const isDeadLetterBatch = (input: unknown): boolean => DeadLetterBatchSchema.safeParse(input).success;

/** The last segment of an ARN's resource: `rule/<bus>/<name>` -> `<name>`, `api-destination/<name>/<id>` -> `<name>`. */
const nameInArn = (arn: string, kind: 'rule' | 'target'): string => {
  const resource = arn.split(':').slice(5).join(':');
  const parts = resource.split('/').filter((part) => part !== '');
  // A rule's name is its last segment; an API destination's ARN ends with its generated id after the name.
  const name = kind === 'rule' ? parts.at(-1) : (parts[1] ?? parts.at(-1));
  return name ?? arn;
};

/**
 * The failed receipt a dead letter stands for. The rule is named as in the rule's own
 * `<aws.events.rule-name>` (the name its ledger entry was recorded under); the target as its resource's
 * name (on AWS the API destination's, locally the topology's target id). Attempts count the first one:
 * `RETRY_ATTEMPTS` counts the retries after it. Throws a ZodError naming what is missing or malformed.
 */
export const receiptOfDeadLetter = (
  record: Pick<DeadLetterRecord, 'body' | 'attributes' | 'messageAttributes'>,
  now: Date,
): DeliveryReceiptInput => {
  const { messageAttributes: attrs } = record;
  const reason = failureReason({
    code: attrs.ERROR_CODE?.stringValue,
    condition: attrs.EXHAUSTED_RETRY_CONDITION?.stringValue,
    message: attrs.ERROR_MESSAGE?.stringValue,
  });
  const sent = record.attributes?.SentTimestamp;
  return DeliveryReceiptInputSchema.parse({
    receipt: {
      rule: nameInArn(attrs.RULE_ARN.stringValue, 'rule'),
      target: attrs.TARGET_ARN ? nameInArn(attrs.TARGET_ARN.stringValue, 'target') : 'unknown',
      status: 'failed',
      at: new Date(sent === undefined ? now.getTime() : Number(sent)).toISOString(),
      attempts: Number(attrs.RETRY_ATTEMPTS?.stringValue ?? 0) + 1,
      reason: clipReason(reason),
    },
    event: eventOf(record.body),
  });
};

const DeadLetterEventSchema = DeadLetterRecordSchema.pick({ body: true, messageAttributes: true });

/**
 * The ledger entry a reaction's dead letter is about, named as its failed receipt names it: the dead letter as
 * kept (the event and EventBridge's attributes). Throws a ZodError naming what is missing or malformed.
 */
export const entryRefOfDeadLetter = (letter: Pick<KeptDeadLetter, 'body' | 'attributes'>): LedgerEntryRef => {
  const parsed = DeadLetterEventSchema.parse({
    body: letter.body,
    messageAttributes: Object.fromEntries(
      Object.entries(letter.attributes).map(([name, value]) => [name, { stringValue: value }]),
    ),
  });
  // The receipt's time is not part of the reference; any clock does.
  return entryRefOf(receiptOfDeadLetter(parsed, new Date(0)));
};

/** The dead-lettered event; a body that is not JSON says so without quoting it (it may hold personal data). */
const eventOf = (body: string): unknown => {
  try {
    return JSON.parse(body);
  } catch {
    throw new Error('the message body is not JSON');
  }
};

/** Where a dead letter's processing is logged: what failed and why, never the event itself. */
export interface DeadLetterLog {
  warn(message: string, details: Record<string, unknown>): void;
}

/** What became of a batch of dead letters: the message ids the queue must offer again. */
export interface DeadLetterBatchResult {
  readonly recorded: number;
  readonly batchItemFailures: readonly { readonly itemIdentifier: string }[];
}

/**
 * Records every dead letter of the batch as a failed delivery, then hands it to `keeper` (when given) so the
 * event can be re-sent. A message that is not a dead letter of a reaction, or whose receipt the ledger could not
 * take or the keeper not keep, is answered as a batch item failure: the queue offers it again (recording it again
 * changes nothing), and after its `maxReceiveCount` moves it to the parked queue, whose alarm asks someone to
 * look. So every dead letter ends in the parked queue, recorded or not.
 */
export const recordDeadLetters = async (
  input: unknown,
  deps: {
    readonly ledger: ReactionLedger;
    readonly log: DeadLetterLog;
    readonly now: () => Date;
    readonly keeper?: DeadLetterKeeper | undefined;
  },
): Promise<DeadLetterBatchResult> => {
  const { Records } = DeadLetterBatchSchema.parse(input);
  const failures: { itemIdentifier: string }[] = [];
  let recorded = 0;
  for (const raw of Records) {
    let receipt: DeliveryReceiptInput;
    let letter: DeadLetterRecord;
    try {
      letter = DeadLetterRecordSchema.parse(raw);
      receipt = receiptOfDeadLetter(letter, deps.now());
    } catch (err: unknown) {
      deps.log.warn('dead letter is not a reaction delivery; left for the parked queue', {
        messageId: raw.messageId,
        problem: problemOf(err),
      });
      failures.push({ itemIdentifier: raw.messageId });
      continue;
    }
    try {
      await recordDelivery(receipt, deps.ledger);
      await deps.keeper?.keep(keptOf(letter));
      recorded += 1;
    } catch (err: unknown) {
      deps.log.warn('failed delivery could not be recorded or kept; the queue offers it again', {
        messageId: raw.messageId,
        rule: receipt.receipt.rule,
        eventId: receipt.event.detail.metadata.eventId,
        problem: problemOf(err),
      });
      failures.push({ itemIdentifier: raw.messageId });
    }
  }
  return { recorded, batchItemFailures: failures };
};

/** The dead letter as it is kept: its string attributes, as EventBridge wrote them, with the event. */
const keptOf = (letter: DeadLetterRecord): KeptDeadLetter => ({
  sourceQueueArn: letter.eventSourceARN,
  body: letter.body,
  attributes: Object.fromEntries(
    Object.entries(letter.messageAttributes).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, value.stringValue]],
    ),
  ),
});

/** What went wrong, in one line: zod's issues by path (never the values), or the error's message. */
export const problemOf = (err: unknown): string =>
  err instanceof z.ZodError
    ? err.issues.map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`).join('; ')
    : err instanceof Error
      ? err.message
      : String(err);
