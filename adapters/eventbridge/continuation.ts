import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import * as z from 'zod';

/** The event a sync publishes when it stopped for time with work left; a rule re-invokes the sync for it. */
export const ConnectorSyncPausedDetailSchema = z.strictObject({
  schemaVersion: z.literal(1),
  connector: z.string(),
  pausedAt: z.iso.datetime(),
  /** Streams that stopped early. */
  streams: z.array(z.string()),
  /** Continuations of one original request share it, for tracing a long initial load. */
  correlationId: z.string(),
});
export type ConnectorSyncPausedDetail = z.infer<typeof ConnectorSyncPausedDetailSchema>;

export const CONNECTOR_EVENT_SOURCE = 'hub360.connectors';
export const CONNECTOR_SYNC_PAUSED = 'ConnectorSyncPaused';

/** Builds the PutEvents request announcing a paused sync. */
export const buildSyncPausedEvent = (
  busName: string,
  detail: ConnectorSyncPausedDetail,
): PutEventsCommandInput => ({
  Entries: [
    {
      EventBusName: busName,
      Source: CONNECTOR_EVENT_SOURCE,
      DetailType: CONNECTOR_SYNC_PAUSED,
      Detail: JSON.stringify(detail),
    },
  ],
});

/** The bus did not take the continuation event; the next scheduled run then continues instead. */
export class ContinuationNotPublishedError extends Error {
  override readonly name = 'ContinuationNotPublishedError';
}

/** Publishes a paused-sync event so the sync continues at once instead of at the next schedule. */
export const publishSyncPaused = async (
  client: EventBridgeClient,
  busName: string,
  detail: ConnectorSyncPausedDetail,
): Promise<void> => {
  const out = await client.send(new PutEventsCommand(buildSyncPausedEvent(busName, detail)));
  if ((out.FailedEntryCount ?? 0) > 0) {
    const entry = out.Entries?.find((e) => e.ErrorCode);
    throw new ContinuationNotPublishedError(`${entry?.ErrorCode ?? 'unknown'}: ${entry?.ErrorMessage ?? ''}`);
  }
};

export { EventBridgeClient };
