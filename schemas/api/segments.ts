import * as z from 'zod';
import { CustomerIdSchema } from './customer-id.ts';
import { pageOf } from './pagination.ts';

/** What a segment groups customers by: an insight the hub derives (docs/insights.md). */
export const SegmentKindSchema = z.enum(['lifecycle', 'risk', 'profit', 'key']);
export type SegmentKind = z.infer<typeof SegmentKindSchema>;

/**
 * A segment's name in paths: `<kind>:<value>`, e.g. `lifecycle:dormant`, `risk:high`, `profit:loss`,
 * `key:key-customer`. Values are the insight's own lower-case, dash-separated names.
 */
export const SegmentNameSchema = z
  .string()
  .regex(/^(lifecycle|risk|profit|key):[a-z][a-z0-9-]{0,40}$/, 'must be <lifecycle|risk|profit|key>:<value>')
  .meta({ description: 'Segment name `<kind>:<value>`.', example: 'lifecycle:dormant' });
export type SegmentName = z.infer<typeof SegmentNameSchema>;

/** The `{segment}` path parameter. */
export const SegmentPathSchema = z.strictObject({ segment: SegmentNameSchema });

/** One segment with its current size. */
export const SegmentSummarySchema = z
  .strictObject({
    segment: SegmentNameSchema,
    kind: SegmentKindSchema,
    value: z.string(),
    /** Human label for charts and lists ("Dormant", "High payment risk"). */
    label: z.string(),
    size: z.number().int().nonnegative(),
  })
  .meta({ id: 'SegmentSummary' });
export type SegmentSummary = z.infer<typeof SegmentSummarySchema>;

/** `GET /segments`: every segment the hub knows, with its size (empty segments included). */
export const SegmentListSchema = z
  .strictObject({ asOf: z.iso.datetime({ offset: true }), segments: z.array(SegmentSummarySchema) })
  .meta({ id: 'SegmentList' });
export type SegmentList = z.infer<typeof SegmentListSchema>;

/** A member of a segment: who, since when and why (the insight's reason). */
export const SegmentMemberSchema = z
  .strictObject({
    customerId: CustomerIdSchema,
    displayName: z.string().optional().meta({
      description:
        "The customer's name (company name, else name) from its golden profile, as of the member's last insights write; absent when no source names the customer.",
      example: 'Bäckerei Huber GmbH',
    }),
    since: z.iso.datetime({ offset: true }),
    reason: z.string().optional(),
  })
  .meta({ id: 'SegmentMember' });
export type SegmentMember = z.infer<typeof SegmentMemberSchema>;

/** `GET /segments/{segment}/customers`: members, paginated, from a sparse index (no scans). */
export const SegmentMembersPageSchema = pageOf(SegmentMemberSchema, 'SegmentMembersPage');
export type SegmentMembersPage = z.infer<typeof SegmentMembersPageSchema>;
