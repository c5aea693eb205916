import * as z from 'zod';
import { CursorFormatSchema } from '../../kit/incremental/cursor-value.ts';
import { IncrementalSettingsSchema } from '../../kit/incremental/timestamp-window.ts';

/** Offset paging as Oracle Fusion REST does it: `offset`/`limit` in, `items`/`hasMore` out. */
export const OffsetPagingSchema = z.strictObject({
  kind: z.literal('offset'),
  limit: z.number().int().min(1).max(10_000).default(100),
  offsetParam: z.string().default('offset'),
  limitParam: z.string().default('limit'),
  /** Boolean field saying another page exists; without it, a short page ends the list. */
  hasMoreField: z.string().default('hasMore'),
});

/** Paging by the `Link: <…>; rel="next"` response header (RFC 8288). */
export const LinkHeaderPagingSchema = z.strictObject({
  kind: z.literal('link-header'),
  limit: z.number().int().min(1).max(10_000).default(100),
  limitParam: z.string().default('limit'),
});

/** Paging by an opaque token in the body, sent back as a query parameter. */
export const CursorTokenPagingSchema = z.strictObject({
  kind: z.literal('cursor-token'),
  limit: z.number().int().min(1).max(10_000).default(100),
  limitParam: z.string().default('limit'),
  tokenField: z.string().default('nextCursor'),
  tokenParam: z.string().default('cursor'),
});

export const RestPagingSchema = z.discriminatedUnion('kind', [
  OffsetPagingSchema,
  LinkHeaderPagingSchema,
  CursorTokenPagingSchema,
]);
export type RestPaging = z.infer<typeof RestPagingSchema>;

/** How the window bounds go into the query: one parameter holding clauses, `{value}` replaced by the instant. */
export const RestWindowFilterSchema = z.strictObject({
  param: z.string().min(1),
  from: z.string().includes('{value}'),
  upTo: z.string().includes('{value}'),
  separator: z.string().default(';'),
});

/** One REST collection read incrementally by its last-updated field. */
export const RestStreamConfigSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]*$/, 'must be a stream name such as shipments'),
  /** Collection path below the base URL, e.g. `/shipments`. */
  path: z.string().startsWith('/', 'must start with /'),
  /** Key fields, in the order the source breaks ties (it must sort by cursor, then these). */
  keyFields: z.array(z.string().min(1)).min(1),
  cursorField: z.string().min(1),
  cursorFormat: CursorFormatSchema.default('iso'),
  /** Where the records array sits in the response body. @default 'items' */
  recordsPath: z.string().default('items'),
  windowFilter: RestWindowFilterSchema,
  /** Static query parameters, e.g. `{ orderBy: 'LastUpdateDate:asc,ShipmentId:asc', onlyData: 'true' }`. */
  params: z.record(z.string(), z.string()).default({}),
  paging: RestPagingSchema,
  /**
   * How the source reports the number of records a query matches, for the sync's progress bar: `params` added
   * to the first request only (one count per read) and the response `field` holding it, e.g. Oracle Fusion's
   * `{ params: { totalResults: 'true' }, field: 'totalResults' }`. `null` turns it off. @default none
   */
  total: z
    .strictObject({
      params: z.record(z.string(), z.string()).default({}),
      field: z.string().min(1),
    })
    .optional(),
  /**
   * How to ask for every row of some groups when the mapping groups flat rows (`mapping.group`): one
   * parameter holding `clause` per group value (`{value}` replaced), joined by `separator`, e.g.
   * `{ param: 'q', clause: 'ShipmentId = {value}', separator: ' or ' }`; the static `params` still apply.
   */
  groupQuery: z
    .strictObject({
      param: z.string().min(1),
      clause: z.string().includes('{value}'),
      separator: z.string().default(' or '),
      /** Group values per request. @default 20 */
      maxPerRequest: z.number().int().min(1).max(500).default(20),
    })
    .optional(),
  incremental: IncrementalSettingsSchema.prefault({}),
});
export type RestStreamConfig = z.infer<typeof RestStreamConfigSchema>;
export type RestStreamConfigInput = z.input<typeof RestStreamConfigSchema>;
