import * as z from 'zod';

/** Largest page a client may ask for; keeps one page to one DynamoDB request of bounded size. */
export const MAX_PAGE_SIZE = 100;

/** `limit` and `cursor` query parameters shared by every paginated listing. */
export const PageQuerySchema = z.strictObject({
  limit: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
    .default(25)
    .meta({ description: `Page size, 1-${MAX_PAGE_SIZE}.` }),
  cursor: z
    .string()
    .min(1, 'must not be empty')
    .max(2048, 'is longer than any cursor this API issues')
    .optional()
    .meta({ description: 'The `nextCursor` of the previous page, passed back unchanged.' }),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

/** A page of items; `nextCursor` is absent on the last page. */
export const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z
        .string()
        .optional()
        .meta({ description: 'Opaque; pass it back as `cursor` for the next page.' }),
    })
    .meta({ id });
