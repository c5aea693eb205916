import type { _Record, AttributeValue } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent, AttributeValue as LambdaAttributeValue } from 'aws-lambda';

type Image = Record<string, AttributeValue> | undefined;
type LambdaImage = Record<string, LambdaAttributeValue> | undefined;

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/**
 * The SDK decodes binary attributes to bytes; Lambda delivers them base64-encoded. DynamoDB Local's Streams API
 * also renders an empty map as `{}` instead of `{"M":{}}`, which no unmarshaller accepts; DynamoDB itself sends
 * the typed form, so the empty map is restored here. Everything else is passed as it is.
 */
const toLambdaAttribute = (value: AttributeValue): LambdaAttributeValue => {
  if (Object.keys(value).length === 0) return { M: {} };
  if (value.B !== undefined) return { B: toBase64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(toBase64) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaAttribute) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) ?? {} };
  return value as LambdaAttributeValue;
};

const toLambdaImage = (image: Image): LambdaImage =>
  image ? Object.fromEntries(Object.entries(image).map(([k, v]) => [k, toLambdaAttribute(v)])) : undefined;

/** Converts records read through the DynamoDB Streams API into the event Lambda's event source mapping sends. */
export const toDynamoDbStreamEvent = (
  records: readonly _Record[],
  streamArn: string,
): DynamoDBStreamEvent => ({
  Records: records.map((record): DynamoDBRecord => {
    const change = record.dynamodb;
    return {
      eventID: record.eventID,
      eventName: record.eventName,
      eventVersion: record.eventVersion ?? '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: record.awsRegion,
      eventSourceARN: streamArn,
      dynamodb: {
        ApproximateCreationDateTime: change?.ApproximateCreationDateTime
          ? Math.floor(change.ApproximateCreationDateTime.getTime() / 1000)
          : undefined,
        Keys: toLambdaImage(change?.Keys),
        NewImage: toLambdaImage(change?.NewImage),
        OldImage: toLambdaImage(change?.OldImage),
        SequenceNumber: change?.SequenceNumber,
        SizeBytes: change?.SizeBytes,
        StreamViewType: change?.StreamViewType,
      },
    };
  }),
});
