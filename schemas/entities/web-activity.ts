import * as z from 'zod';
import { IsoDateTimeSchema, PartNumberSchema } from './source.ts';

/** What a web event says about interest in products. */
export const WebInterestSchema = z.strictObject({
  kind: z.enum(['productView', 'cartAdd', 'cartRemove', 'checkout', 'search', 'pageView']),
  partNumber: PartNumberSchema.optional(),
  query: z.string().optional(),
  quantity: z.number().optional(),
});
export type WebInterest = z.infer<typeof WebInterestSchema>;

/**
 * One Segment-spec call (`track`, `page`, `identify`). The record's identifiers carry `anonymousId`
 * and `userId`; an `identify` is what stitches an anonymous visitor to a known customer.
 */
export const WebActivityDataSchema = z.strictObject({
  messageId: z.string().min(1),
  type: z.enum(['track', 'page', 'identify']),
  /** Track event name (`Product Viewed`) or page name. */
  event: z.string().optional(),
  timestamp: IsoDateTimeSchema,
  sessionId: z.string().optional(),
  interest: WebInterestSchema.optional(),
  properties: z.record(z.string(), z.unknown()).default({}),
  traits: z.record(z.string(), z.unknown()).optional(),
});
export type WebActivityData = z.infer<typeof WebActivityDataSchema>;
