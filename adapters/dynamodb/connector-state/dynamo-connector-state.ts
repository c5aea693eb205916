import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { runPooled } from '../../../core/concurrency/run-pooled.ts';
import {
  ConnectorLeaseSchema,
  type ConnectorStateStore,
  type QuarantineEntry,
  QuarantineEntrySchema,
  type StreamRunStatus,
  StreamRunStatusSchema,
} from '../../../core/ports/connector-state.ts';
import { BackfillKindSchema } from '../../../schemas/entities/backfill.ts';
import { queryAllPages } from '../paginate.ts';
import { connectorKeys as k } from './state-keys.ts';
import {
  buildAcquireLease,
  buildDeleteItem,
  buildGetItem,
  buildListQuarantine,
  buildListQuarantinedKeys,
  buildListRunStatuses,
  buildQuarantine,
  buildReleaseLease,
  buildReleaseQuarantined,
  buildRenewLease,
  buildSaveCheckpoint,
  buildSaveReconciledAt,
  buildSaveRunStatus,
  buildSweepQuarantined,
} from './state-requests.ts';

const CheckpointItemSchema = z.object({
  state: z.string(),
  savedAt: z.string(),
  backfill: BackfillKindSchema.optional(),
  backfillStartedAt: z.string().optional(),
});
const QuarantineItemSchema = z.object({ rawJson: z.string() }).loose();
const ReconciledItemSchema = z.object({ at: z.string() });
const QuarantinedKeyItemSchema = z.object({
  recordKey: z.string(),
  stream: z.string(),
  lastSeenAt: z.string().optional(),
});

/** Deletes of released quarantine entries in flight at once (a page rarely releases more than a few). */
const RELEASES_IN_FLIGHT = 8;

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** The connector state in the customer-360 table (`CONNECTOR#…` and `QUARANTINE#…` items). */
/** Sends a conditional write: true when it was applied, false when its condition did not hold. */
const applied = async (send: () => Promise<unknown>): Promise<boolean> => {
  try {
    await send();
    return true;
  } catch (err: unknown) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
};

export const createDynamoConnectorState = (
  client: DynamoDBDocumentClient,
  tableName: string,
): ConnectorStateStore => {
  const queryAll = async (input: QueryCommandInput, max = Number.POSITIVE_INFINITY) =>
    (await queryAllPages(client, input, max)).items;

  /** One stream's quarantine entries, keys and filing times only (one keys-bounded Query). */
  const quarantinedKeys = async (connector: string, stream: string) => {
    const items = await queryAll(buildListQuarantinedKeys(tableName, connector, stream));
    // The sort key's `<stream>#` prefix also matches a stream named `<stream>#…`: the stored stream decides.
    return items.flatMap((item) => {
      const parsed = QuarantinedKeyItemSchema.safeParse(item);
      return parsed.success && parsed.data.stream === stream ? [parsed.data] : [];
    });
  };

  return {
    loadCheckpoint: async (connector, stream) => {
      const { Item } = await client.send(
        new GetCommand(buildGetItem(tableName, k.connector(connector), k.checkpoint(stream))),
      );
      if (!Item) return undefined;
      const item = CheckpointItemSchema.parse(Item);
      return {
        state: parseJson(item.state),
        savedAt: item.savedAt,
        ...(item.backfill === undefined ? {} : { backfill: item.backfill }),
        ...(item.backfillStartedAt === undefined ? {} : { backfillStartedAt: item.backfillStartedAt }),
      };
    },
    saveCheckpoint: async (connector, stream, state, savedAt, options) => {
      await client.send(
        new PutCommand(buildSaveCheckpoint(tableName, connector, stream, state, savedAt, options)),
      );
    },
    clearCheckpoint: async (connector, stream) => {
      await client.send(
        new DeleteCommand(buildDeleteItem(tableName, k.connector(connector), k.checkpoint(stream))),
      );
    },
    saveRunStatus: async (status) => {
      await client.send(new PutCommand(buildSaveRunStatus(tableName, status)));
    },
    listRunStatuses: async (connector) => {
      const items = await queryAll(buildListRunStatuses(tableName, connector));
      return items.flatMap((item): StreamRunStatus[] => {
        const parsed = StreamRunStatusSchema.safeParse(item);
        return parsed.success ? [parsed.data] : [];
      });
    },
    quarantine: async (entry) => {
      await client.send(new UpdateCommand(buildQuarantine(tableName, entry)));
    },
    listQuarantine: async (options = {}) => {
      const limit = options.limit ?? 100;
      const items = await queryAll(buildListQuarantine(tableName, options.connector, limit), limit);
      return items.flatMap((item): QuarantineEntry[] => {
        const raw = QuarantineItemSchema.safeParse(item);
        if (!raw.success) return [];
        const parsed = QuarantineEntrySchema.safeParse({ ...item, raw: parseJson(raw.data.rawJson) });
        return parsed.success ? [parsed.data] : [];
      });
    },
    listQuarantinedKeys: async (connector, stream) =>
      (await quarantinedKeys(connector, stream)).map((entry) => entry.recordKey),
    releaseQuarantined: async (connector, stream, recordKeys) => {
      await runPooled(recordKeys, RELEASES_IN_FLIGHT, async (recordKey) => {
        await client.send(
          new DeleteCommand(buildReleaseQuarantined(tableName, connector, stream, recordKey)),
        );
      });
    },
    sweepQuarantine: async (connector, stream, notFiledSince) => {
      const stale = (await quarantinedKeys(connector, stream)).filter(
        // An entry without a filing time (none is written so) is left alone rather than guessed about.
        (entry) => entry.lastSeenAt !== undefined && entry.lastSeenAt < notFiledSince,
      );
      let swept = 0;
      await runPooled(stale, RELEASES_IN_FLIGHT, async ({ recordKey }) => {
        const removed = await applied(() =>
          client.send(
            new DeleteCommand(buildSweepQuarantined(tableName, connector, stream, recordKey, notFiledSince)),
          ),
        );
        if (removed) swept += 1;
      });
      return swept;
    },
    acquireLease: (connector, holder, now, expiresAt) =>
      applied(() =>
        client.send(new PutCommand(buildAcquireLease(tableName, connector, holder, now, expiresAt))),
      ),
    renewLease: (connector, holder, now, expiresAt) =>
      applied(() =>
        client.send(new UpdateCommand(buildRenewLease(tableName, connector, holder, now, expiresAt))),
      ),
    readLease: async (connector) => {
      const { Item } = await client.send(
        new GetCommand(buildGetItem(tableName, k.connector(connector), k.lease)),
      );
      if (!Item) return undefined;
      // Leases written before the connector name was kept on the item still belong to this connector.
      const parsed = ConnectorLeaseSchema.safeParse({ connector, ...Item });
      return parsed.success ? parsed.data : undefined;
    },
    releaseLease: async (connector, holder) => {
      // Not applied: someone else took over an expired lease; theirs now, nothing to release.
      await applied(() => client.send(new DeleteCommand(buildReleaseLease(tableName, connector, holder))));
    },
    loadReconciledAt: async (connector, stream) => {
      const { Item } = await client.send(
        new GetCommand(buildGetItem(tableName, k.connector(connector), k.reconciled(stream))),
      );
      const parsed = ReconciledItemSchema.safeParse(Item);
      return parsed.success ? parsed.data.at : undefined;
    },
    saveReconciledAt: async (connector, stream, at) => {
      await client.send(new PutCommand(buildSaveReconciledAt(tableName, connector, stream, at)));
    },
  };
};
