import * as z from 'zod';
import type { InvocationTrace } from '../../infra/local/functions/local-functions.ts';

const SyncResultSchema = z.object({ caughtUp: z.boolean(), skipped: z.string().optional() });

/**
 * The connector a finished invocation synced to the end, or undefined: not a connector sync, failed, stopped
 * short, or skipped because another run (the initial load, say) held the connector's lease. Once a connector
 * has had one such sync, its initial load is over and every row it reads from then on is news, not history.
 */
export const connectorSyncedToEnd = (trace: InvocationTrace): string | undefined => {
  if (trace.function !== 'connector-sync' || trace.failed) return undefined;
  const result = SyncResultSchema.safeParse(trace.result);
  const connector = (trace.event as { connector?: unknown } | null)?.connector;
  return result.success && result.data.caughtUp && !result.data.skipped && typeof connector === 'string'
    ? connector
    : undefined;
};
