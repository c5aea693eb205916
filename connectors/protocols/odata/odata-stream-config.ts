import { z } from 'zod';
import { CursorFormatSchema } from '../../kit/incremental/cursor-value.ts';
import { IncrementalSettingsSchema } from '../../kit/incremental/timestamp-window.ts';

/** One OData entity set read incrementally by its last-changed property. */
export const ODataStreamConfigSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]*$/, 'must be a stream name such as businessPartners'),
  version: z.enum(['v2', 'v4']),
  /** Entity set path below the service root, e.g. `/API_BUSINESS_PARTNER/A_BusinessPartner`. */
  entitySet: z.string().startsWith('/', 'must start with /'),
  /** Key property; also the tie-break of `$orderby` so pages are deterministic. */
  keyField: z.string().min(1),
  /** Last-changed property filtered and ordered on. */
  cursorField: z.string().min(1),
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
  incremental: IncrementalSettingsSchema.prefault({}),
});
export type ODataStreamConfig = z.infer<typeof ODataStreamConfigSchema>;
export type ODataStreamConfigInput = z.input<typeof ODataStreamConfigSchema>;
