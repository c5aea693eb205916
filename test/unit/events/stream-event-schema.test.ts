import { describe, expect, it } from 'vitest';
import { toChangeRecord } from '../../../functions/stream/change-records.ts';
import { StreamEventSchema } from '../../../functions/stream/stream-event-schema.ts';

const rawRecord = (dynamodb: Record<string, unknown>) => ({
  eventID: '1',
  eventName: 'MODIFY',
  eventVersion: '1.1',
  eventSource: 'aws:dynamodb',
  awsRegion: 'eu-central-1',
  eventSourceARN: 'arn:aws:dynamodb:eu-central-1:000000000000:table/hub/stream/x',
  dynamodb,
});

describe('the DynamoDB stream event schema', () => {
  it('unmarshalls keys and images and maps the record onto a change record', () => {
    const event = StreamEventSchema.parse({
      Records: [
        rawRecord({
          ApproximateCreationDateTime: 1_772_000_000,
          Keys: { pk: { S: 'CUST#c1' }, sk: { S: 'PROFILE' } },
          NewImage: { pk: { S: 'CUST#c1' }, sk: { S: 'PROFILE' }, visits: { N: '3' } },
          SequenceNumber: '100',
          SizeBytes: 40,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        }),
      ],
    });

    const [record] = event.Records;
    if (!record) throw new Error('no record parsed');

    expect(toChangeRecord(record)).toEqual({
      eventName: 'MODIFY',
      sequenceNumber: '100',
      approximateCreationDateTime: 1_772_000_000,
      keys: { pk: 'CUST#c1', sk: 'PROFILE' },
      newImage: { pk: 'CUST#c1', sk: 'PROFILE', visits: 3 },
    });
  });

  it('rejects a record without a sequence number, naming the field', () => {
    const parsed = StreamEventSchema.safeParse({
      Records: [rawRecord({ Keys: { pk: { S: 'CUST#c1' }, sk: { S: 'PROFILE' } } })],
    });

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain('Records.0.dynamodb.SequenceNumber');
  });
});
