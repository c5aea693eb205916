import * as z from 'zod';
import { pageOf } from './pagination.ts';

export const ConnectorNamePathSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a connector name in kebab-case, e.g. sap-s4')
    .meta({ description: 'The connector instance, e.g. `sap-s4`.' }),
});

export const StreamStatusSchema = z
  .object({
    stream: z.string(),
    status: z.enum(['running', 'succeeded', 'stopped', 'failed']),
    caughtUp: z.boolean(),
    lastRunStartedAt: z.string(),
    lastRunFinishedAt: z.string().optional(),
    lagSeconds: z.number().optional().meta({ description: 'How far behind the source the stream is.' }),
    watermark: z.string().optional(),
    recordsRead: z.number().int(),
    recordsWritten: z.number().int(),
    recordsQuarantined: z.number().int(),
    recordsReleased: z.number().int().optional().meta({
      description:
        'Quarantine entries the last run removed: it took their records in, or, at the end of a complete full read, the source no longer serves them (absent for runs before this was counted).',
    }),
    lastError: z.string().optional(),
  })
  .meta({ id: 'StreamStatus' });

export const ConnectorStatusSchema = z
  .object({
    name: z.string(),
    status: z.enum(['healthy', 'running', 'failing']),
    lagSeconds: z.number().optional().meta({ description: 'The largest lag of its streams.' }),
    lastError: z.string().optional(),
    quarantined: z
      .number()
      .int()
      .meta({ description: 'Records quarantined by the last run of each stream.' }),
    quarantineHref: z.string(),
    streams: z.array(StreamStatusSchema),
  })
  .meta({ id: 'ConnectorStatus' });
export type ConnectorStatus = z.infer<typeof ConnectorStatusSchema>;

export const ConnectorListSchema = z
  .object({ items: z.array(ConnectorStatusSchema) })
  .meta({ id: 'ConnectorList' });

export const QuarantinedRecordSchema = z
  .object({
    connector: z.string(),
    stream: z.string(),
    recordKey: z.string(),
    reason: z.string(),
    raw: z.unknown().meta({ description: 'The payload as the source sent it.' }),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    occurrences: z.number().int(),
  })
  .meta({ id: 'QuarantinedRecord' });

export const QuarantinePageSchema = pageOf(QuarantinedRecordSchema, 'QuarantinePage');
