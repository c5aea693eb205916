import type { DynamoDBStreamSchema } from '@aws-lambda-powertools/parser/schemas/dynamodb';
import type { z } from 'zod';
import { type ChangeRecord, ChangeRecordSchema } from '../../core/events/change-record.ts';

export type StreamEvent = z.infer<typeof DynamoDBStreamSchema>;

/** Maps one parsed DynamoDB stream record onto the domain's change record (images already unmarshalled). */
export const toChangeRecord = (record: StreamEvent['Records'][number]): ChangeRecord => {
  const change = record.dynamodb;
  return ChangeRecordSchema.parse({
    eventName: record.eventName,
    sequenceNumber: 'SequenceNumber' in change ? change.SequenceNumber : undefined,
    approximateCreationDateTime: change.ApproximateCreationDateTime,
    keys: change.Keys,
    newImage: change.NewImage,
    oldImage: change.OldImage,
  });
};
