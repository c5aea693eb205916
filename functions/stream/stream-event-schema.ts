import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';

/**
 * The parts of a DynamoDB stream event the hub reads, images unmarshalled. Its own schema rather than
 * Powertools' DynamoDBStreamSchema: that module imports zod by name, which makes esbuild bundle zod's
 * 250 KiB of message locales into every stream function.
 */
const ImageSchema = z.record(z.string(), z.record(z.string(), z.unknown())).transform((image, ctx) => {
  try {
    return unmarshall(image as unknown as Record<string, AttributeValue>) as Record<string, unknown>;
  } catch (err: unknown) {
    ctx.addIssue({ code: 'custom', message: `not a DynamoDB image: ${String(err)}` });
    return z.NEVER;
  }
});

const StreamRecordSchema = z.object({
  eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
  dynamodb: z.object({
    ApproximateCreationDateTime: z.number().optional(),
    Keys: ImageSchema,
    NewImage: ImageSchema.optional(),
    OldImage: ImageSchema.optional(),
    SequenceNumber: z.string(),
  }),
});

export const StreamEventSchema = z.object({ Records: z.array(StreamRecordSchema) });
export type StreamEvent = z.infer<typeof StreamEventSchema>;
