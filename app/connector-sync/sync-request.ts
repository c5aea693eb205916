import * as z from 'zod';
import { ConnectorNameSchema } from '../../connectors/config/connector-config.ts';

/** What starts a sync: a schedule, a continuation event, the CLI. */
export const ConnectorSyncRequestSchema = z.strictObject({
  connector: ConnectorNameSchema,
  /** Only these streams. @default all enabled streams */
  streams: z.array(z.string().min(1)).min(1).optional(),
  /** Forget checkpoints and read everything again. @default false */
  full: z.boolean().default(false),
});
export type ConnectorSyncRequest = z.infer<typeof ConnectorSyncRequestSchema>;
export type ConnectorSyncRequestInput = z.input<typeof ConnectorSyncRequestSchema>;
