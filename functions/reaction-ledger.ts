import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse } from 'aws-lambda';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { createDynamoDbReactionLedger } from '../adapters/dynamodb/reactions/dynamodb-reaction-ledger.ts';
import { loggerFor } from '../adapters/observability/powertools.ts';
import { createParkedDeadLetters } from '../adapters/sqs/parked-dead-letters.ts';
import { isDeadLetterBatch, recordDeadLetters } from '../app/reactions/dead-letter-receipts.ts';
import { forgetErasedCustomer, isCustomerErasure } from '../app/reactions/forget-erased-customer.ts';
import { inferDeliveries, isDeliverySweep } from '../app/reactions/infer-deliveries.ts';
import { isDeliveryReceipt, recordDelivery } from '../app/reactions/record-delivery.ts';
import { recordReaction } from '../app/reactions/record-reaction.ts';
import type { ReactionLedger } from '../core/ports/reaction-ledger.ts';
import { hubEnv } from '../schemas/config/hub-env.ts';
import { parkedQueuesFromEnv } from '../schemas/config/reaction-ledger-env.ts';

const logger = loggerFor('reactions');
let ledger: ReactionLedger | undefined;
// On AWS, where recorded dead letters are kept for re-sending; parsed once, a wrong value fails the cold start.
const parked = parkedQueuesFromEnv();
const keeper = parked && createParkedDeadLetters(parked);
const now = () => new Date();

/**
 * Rule target beside every reaction's delivery: records the reaction for the feed and the closed loop; receiver
 * of that delivery's receipts, which mark the reaction delivered or failed (on AWS the failed ones are the
 * target's dead letters, an SQS batch, and the successes are inferred by an hourly sweep); and target of every
 * erasure, which takes the customer out of the entries about them.
 */
export const handler = middy<unknown, SQSBatchResponse | undefined>()
  .use(injectLambdaContext(logger))
  .handler(async (input) => {
    ledger ??= createDynamoDbReactionLedger(createDocumentClient(), hubEnv().HUB_TABLE_NAME);
    if (isDeadLetterBatch(input)) {
      const deps = { ledger, log: logger, now, keeper };
      const { recorded, batchItemFailures } = await recordDeadLetters(input, deps);
      logger.info('dead letters recorded as failed deliveries', { recorded, left: batchItemFailures.length });
      return { batchItemFailures: [...batchItemFailures] };
    }
    if (isDeliverySweep(input)) {
      const { window, ...counts } = await inferDeliveries(input, { ledger, now });
      logger.info('reactions inferred delivered', { ...window, ...counts });
      return;
    }
    if (isCustomerErasure(input)) {
      const { customerIds, entriesChanged } = await forgetErasedCustomer(input, ledger);
      logger.info('erased customers taken out of the reaction ledger', {
        customers: customerIds.length,
        entriesChanged,
      });
      return;
    }
    if (isDeliveryReceipt(input)) {
      const { reactionId, result } = await recordDelivery(input, ledger);
      logger.debug('reaction delivery recorded', { reactionId, result });
      return;
    }
    const reactionId = await recordReaction(input, ledger);
    logger.debug('reaction recorded', { reactionId });
  });
