import * as z from 'zod';
import { CursorFormatSchema } from '../../kit/incremental/cursor-value.ts';

/** A side-loaded collection joined onto each record (Zendesk `include=users` → `requester`, `assignee`). */
export const SideloadJoinSchema = z.strictObject({
  /** The side-loaded array in the response, e.g. `users`. */
  from: z.string().min(1),
  /** The record's field holding the side-loaded item's id, e.g. `requester_id`. */
  on: z.string().min(1),
  /** Where the joined item is put on the record, e.g. `requester`. */
  as: z.string().min(1),
  /** The side-loaded item's id field. @default 'id' */
  idField: z.string().min(1).default('id'),
});

/**
 * A cursor-based incremental export (Zendesk Support `GET /api/v2/incremental/tickets/cursor.json`): the
 * first request names a start time, every later one the opaque cursor of the page before; the source says
 * when the stream has reached the present, and that last cursor is where the next run carries on.
 */
export const CursorExportStreamConfigSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]*$/, 'must be a stream name such as tickets'),
  /** Export path below the base URL. */
  path: z.string().startsWith('/', 'must start with /'),
  /** The record's id field. @default 'id' */
  keyField: z.string().min(1).default('id'),
  /** Last-changed field (the record's version). @default 'updated_at' */
  cursorField: z.string().min(1).default('updated_at'),
  cursorFormat: CursorFormatSchema.default('iso'),
  /** Where the records array sits in the response. @default 'tickets' */
  recordsField: z.string().min(1).default('tickets'),
  startTimeParam: z.string().min(1).default('start_time'),
  /** First export's start, in Unix seconds (0 = everything). @default 0 */
  startTime: z.number().int().min(0).default(0),
  cursorParam: z.string().min(1).default('cursor'),
  afterCursorField: z.string().min(1).default('after_cursor'),
  endOfStreamField: z.string().min(1).default('end_of_stream'),
  pageSizeParam: z.string().min(1).default('per_page'),
  /** Records per page (Zendesk allows up to 1000). @default 100 */
  pageSize: z.number().int().min(1).max(1000).default(100),
  /** Static query parameters, e.g. `{ include: 'users' }`. */
  params: z.record(z.string(), z.string()).default({}),
  sideloads: z.array(SideloadJoinSchema).default([]),
  /**
   * Custom fields by the name the mapping uses: `{ partNumber: 360001234567 }` puts the value of the
   * custom field with that id at `$fields.partNumber`. Ids are per installation.
   */
  customFields: z.record(z.string(), z.number().int()).default({}),
  /** Where a record's custom fields (`[{ id, value }]`) sit. @default 'custom_fields' */
  customFieldsField: z.string().min(1).default('custom_fields'),
});
export type CursorExportStreamConfig = z.infer<typeof CursorExportStreamConfigSchema>;
export type CursorExportStreamConfigInput = z.input<typeof CursorExportStreamConfigSchema>;

/** Checkpoint: the cursor after the last committed page (relative to nothing: cursors are opaque tokens). */
export const CursorExportStateSchema = z.strictObject({
  cursor: z.string().min(1).optional(),
  /** When the last page was read, for the lag metric. */
  readAt: z.iso.datetime().optional(),
});
export type CursorExportState = z.infer<typeof CursorExportStateSchema>;
