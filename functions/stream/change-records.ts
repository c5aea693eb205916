import { type ChangeRecord, ChangeRecordSchema } from '../../core/events/change-record.ts';
import type { StreamEvent } from './stream-event-schema.ts';

export type { StreamEvent } from './stream-event-schema.ts';

/** Maps one parsed DynamoDB stream record onto the domain's change record (images already unmarshalled). */
export const toChangeRecord = (record: StreamEvent['Records'][number]): ChangeRecord => {
  const change = record.dynamodb;
  return ChangeRecordSchema.parse({
    eventName: record.eventName,
    sequenceNumber: change.SequenceNumber,
    approximateCreationDateTime: change.ApproximateCreationDateTime,
    keys: change.Keys,
    newImage: change.NewImage,
    oldImage: change.OldImage,
  });
};
