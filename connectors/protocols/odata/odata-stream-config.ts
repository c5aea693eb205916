import * as z from 'zod';
import { CursorFormatSchema } from '../../kit/incremental/cursor-value.ts';
import {
  CursorGranularitySchema,
  IncrementalSettingsSchema,
} from '../../kit/incremental/timestamp-window.ts';

/** One OData entity set read incrementally by its last-changed property. */
export const ODataStreamConfigSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]*$/, 'must be a stream name such as businessPartners'),
  version: z.enum(['v2', 'v4']),
  /** Entity set path below the service root, e.g. `/API_BUSINESS_PARTNER/A_BusinessPartner`. */
  entitySet: z.string().startsWith('/', 'must start with /'),
  /** Key properties; also the tie-break of `$orderby` so pages are deterministic. */
  keyFields: z.array(z.string().min(1)).min(1),
  /** Last-changed property filtered and ordered on. */
  cursorField: z.string().min(1),
  /** Time-of-day property completing a date-only cursor (SAP business partners: `LastChangeTime`). */
  cursorTimeField: z.string().min(1).optional(),
  /** `day` when the cursor can only be filtered by calendar day (an `Edm.DateTime` date). @default 'instant' */
  cursorGranularity: CursorGranularitySchema.default('instant'),
  /** How the cursor arrives in JSON. @default 'iso' (v2 services usually send 'odata-v2-date') */
  cursorFormat: CursorFormatSchema.default('iso'),
  /** How a timestamp literal is written in `$filter`: v2 `datetimeoffset'…'` / `datetime'…'`, v4 bare. */
  cursorLiteral: z.enum(['datetimeoffset', 'datetime', 'bare']).default('bare'),
  select: z.array(z.string().min(1)).default([]),
  expand: z.array(z.string().min(1)).default([]),
  /** An extra static `$filter` clause ANDed to the window, e.g. `CustomerAccountGroup eq 'KUNA'`. */
  filter: z.string().min(1).optional(),
  /** Asked of v4 services with `Prefer: odata.maxpagesize`; v2 services page on their own. @default 500 */
  pageSize: z.number().int().min(1).max(5000).default(500),
  /**
   * Ask for the number of entities the read matches with its first request (v4 `$count=true`, v2
   * `$inlinecount=allpages`), shown as the sync's total. Turn off for a service that refuses it or counts
   * slowly. @default true
   */
  requestCount: z.boolean().default(true),
  incremental: IncrementalSettingsSchema.prefault({}),
  /**
   * `filter`: window on the last-changed property (every OData service). `delta`: OData v4 change tracking
   * (`Prefer: odata.track-changes`, then the delta link), which also reports deleted entities. @default 'filter'
   */
  changeTracking: z.enum(['filter', 'delta']).default('filter'),
});
export type ODataStreamConfig = z.infer<typeof ODataStreamConfigSchema>;
export type ODataStreamConfigInput = z.input<typeof ODataStreamConfigSchema>;
