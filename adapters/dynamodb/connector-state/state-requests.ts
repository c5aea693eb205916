import type {
  DeleteCommandInput,
  GetCommandInput,
  PutCommandInput,
  QueryCommandInput,
  UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type {
  CheckpointBackfill,
  QuarantineEntry,
  StreamRunStatus,
} from '../../../core/ports/connector-state.ts';
import { customer360Table, indexNamed } from '../table.ts';
import { connectorKeys as k, MAX_RAW_CHARS } from './state-keys.ts';

const { partitionKey: pk, sortKey: sk } = customer360Table;
// Run statuses and the quarantine across connectors are listed through gsi1.
const listing = indexNamed('gsi1');

/** Builds the Put of a checkpoint (the stream's state as JSON text, so any state shape round-trips). */
export const buildSaveCheckpoint = (
  table: string,
  connector: string,
  stream: string,
  state: unknown,
  savedAt: string,
  /** The backfill this checkpoint lies inside (and when it began), until the backfill reaches its end. */
  inside: CheckpointBackfill = {},
): PutCommandInput => ({
  TableName: table,
  Item: {
    pk: k.connector(connector),
    sk: k.checkpoint(stream),
    kind: 'connectorCheckpoint',
    connector,
    stream,
    state: JSON.stringify(state),
    savedAt,
    ...(inside.backfill === undefined ? {} : { backfill: inside.backfill }),
    ...(inside.backfillStartedAt === undefined ? {} : { backfillStartedAt: inside.backfillStartedAt }),
  },
});

export const buildGetItem = (table: string, pk: string, sk: string): GetCommandInput => ({
  TableName: table,
  Key: { pk, sk },
  ConsistentRead: true,
});

export const buildDeleteItem = (table: string, pk: string, sk: string): DeleteCommandInput => ({
  TableName: table,
  Key: { pk, sk },
});

/** Builds the Put of a stream's last run status, indexed on gsi1 for listing across connectors. */
export const buildSaveRunStatus = (table: string, status: StreamRunStatus): PutCommandInput => ({
  TableName: table,
  Item: {
    pk: k.connector(status.connector),
    sk: k.status(status.stream),
    [listing.partitionKey]: k.statusIndex,
    [listing.sortKey]: k.statusIndexSort(status.connector, status.stream),
    kind: 'connectorRunStatus',
    ...status,
  },
});

/** Builds the Query listing run statuses: one connector's, or every connector's through gsi1. */
export const buildListRunStatuses = (table: string, connector?: string): QueryCommandInput =>
  connector === undefined
    ? {
        TableName: table,
        IndexName: listing.name,
        KeyConditionExpression: `${listing.partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': k.statusIndex },
      }
    : {
        TableName: table,
        KeyConditionExpression: `${pk} = :pk AND begins_with(${sk}, :status)`,
        ExpressionAttributeValues: { ':pk': k.connector(connector), ':status': 'STATUS#' },
      };

/** Serialises a raw payload for the quarantine, cut to a size an item can hold. */
export const rawPayloadText = (raw: unknown): string => {
  const text = JSON.stringify(raw) ?? 'undefined';
  return text.length > MAX_RAW_CHARS ? `${text.slice(0, MAX_RAW_CHARS)}…(truncated)` : text;
};

/**
 * Builds the Update that quarantines a record: one item per connector, stream and record key, so the
 * same bad record read again (overlap, retry, next run) updates its entry and counts an occurrence.
 */
export const buildQuarantine = (
  table: string,
  entry: Omit<QuarantineEntry, 'firstSeenAt' | 'occurrences'>,
): UpdateCommandInput => ({
  TableName: table,
  Key: { pk: k.quarantine(entry.connector), sk: k.quarantineSort(entry.stream, entry.recordKey) },
  // Every name goes through a placeholder: `stream`, `connector` and others are DynamoDB reserved words.
  UpdateExpression:
    'SET #kind = :kind, #connector = :connector, #stream = :stream, #recordKey = :recordKey, #reason = :reason, ' +
    '#rawJson = :raw, #lastSeenAt = :at, #firstSeenAt = if_not_exists(#firstSeenAt, :at), ' +
    '#gsi1pk = :gsi1pk, #gsi1sk = :gsi1sk ADD #occurrences :one',
  ExpressionAttributeNames: {
    '#kind': 'kind',
    '#connector': 'connector',
    '#stream': 'stream',
    '#recordKey': 'recordKey',
    '#reason': 'reason',
    '#rawJson': 'rawJson',
    '#lastSeenAt': 'lastSeenAt',
    '#firstSeenAt': 'firstSeenAt',
    '#gsi1pk': listing.partitionKey,
    '#gsi1sk': listing.sortKey,
    '#occurrences': 'occurrences',
  },
  ExpressionAttributeValues: {
    ':kind': 'quarantinedRecord',
    ':connector': entry.connector,
    ':stream': entry.stream,
    ':recordKey': entry.recordKey,
    ':reason': entry.reason,
    ':raw': rawPayloadText(entry.raw),
    ':at': entry.lastSeenAt,
    ':gsi1pk': k.quarantineIndex,
    ':gsi1sk': k.quarantineIndexSort(entry.lastSeenAt, entry.connector, entry.stream, entry.recordKey),
    ':one': 1,
  },
});

/** Builds the Query listing quarantined records, newest first: one connector's, or all through gsi1. */
export const buildListQuarantine = (table: string, connector?: string, limit = 100): QueryCommandInput =>
  connector === undefined
    ? {
        TableName: table,
        IndexName: listing.name,
        KeyConditionExpression: `${listing.partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': k.quarantineIndex },
        ScanIndexForward: false,
        Limit: limit,
      }
    : {
        TableName: table,
        KeyConditionExpression: `${pk} = :pk`,
        ExpressionAttributeValues: { ':pk': k.quarantine(connector) },
        Limit: limit,
      };

/**
 * Builds the Query of one stream's quarantined record keys: the connector's partition from `<stream>#`, only
 * the key and stream read out (never the payloads), so a run learns what it may release for a few RCU.
 */
export const buildListQuarantinedKeys = (
  table: string,
  connector: string,
  stream: string,
): QueryCommandInput => ({
  TableName: table,
  KeyConditionExpression: `${pk} = :pk AND begins_with(${sk}, :stream)`,
  ProjectionExpression: '#recordKey, #stream, #lastSeenAt',
  ExpressionAttributeNames: { '#recordKey': 'recordKey', '#stream': 'stream', '#lastSeenAt': 'lastSeenAt' },
  ExpressionAttributeValues: {
    ':pk': k.quarantine(connector),
    ':stream': k.quarantineSort(stream, ''),
  },
});

/** Builds the Delete of one quarantine entry (its gsi1 listing goes with it). */
export const buildReleaseQuarantined = (
  table: string,
  connector: string,
  stream: string,
  recordKey: string,
): DeleteCommandInput => ({
  TableName: table,
  Key: { pk: k.quarantine(connector), sk: k.quarantineSort(stream, recordKey) },
});

/** Builds the Delete of one quarantine entry that was last filed before `notFiledSince`, and only then. */
export const buildSweepQuarantined = (
  table: string,
  connector: string,
  stream: string,
  recordKey: string,
  notFiledSince: string,
): DeleteCommandInput => ({
  ...buildReleaseQuarantined(table, connector, stream, recordKey),
  ConditionExpression: '#lastSeenAt < :since',
  ExpressionAttributeNames: { '#lastSeenAt': 'lastSeenAt' },
  ExpressionAttributeValues: { ':since': notFiledSince },
});

/**
 * Builds the conditional Put that takes a connector's run lease: it succeeds when no lease exists, the
 * existing one expired, or this holder already has it. The TTL attribute cleans up abandoned leases.
 */
export const buildAcquireLease = (
  table: string,
  connector: string,
  holder: string,
  now: number,
  expiresAt: number,
): PutCommandInput => ({
  TableName: table,
  Item: {
    pk: k.connector(connector),
    sk: k.lease,
    kind: 'connectorLease',
    connector,
    holder,
    acquiredAt: now,
    renewedAt: now,
    leaseUntil: expiresAt,
    expiresAt: leaseTtlSeconds(expiresAt),
  },
  ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now OR holder = :holder',
  ExpressionAttributeValues: { ':now': now, ':holder': holder },
});

// DynamoDB's TTL removes a lease an hour after it lapsed: a dead holder's item does not linger for ever.
const leaseTtlSeconds = (leaseUntil: number) => Math.ceil(leaseUntil / 1000) + 3600;

/**
 * Builds the Update that renews a lease: only its holder may move the expiry, and only while the item is
 * still theirs (a lapsed lease another run took over is not renewed back).
 */
export const buildRenewLease = (
  table: string,
  connector: string,
  holder: string,
  now: number,
  expiresAt: number,
): UpdateCommandInput => ({
  TableName: table,
  Key: { pk: k.connector(connector), sk: k.lease },
  UpdateExpression: 'SET leaseUntil = :until, renewedAt = :now, expiresAt = :ttl',
  ConditionExpression: 'holder = :holder',
  ExpressionAttributeValues: {
    ':holder': holder,
    ':until': expiresAt,
    ':now': now,
    ':ttl': leaseTtlSeconds(expiresAt),
  },
});

/** Builds the Delete that releases a lease, only if this holder still has it. */
export const buildReleaseLease = (table: string, connector: string, holder: string): DeleteCommandInput => ({
  TableName: table,
  Key: { pk: k.connector(connector), sk: k.lease },
  ConditionExpression: 'holder = :holder',
  ExpressionAttributeValues: { ':holder': holder },
});

export const buildSaveReconciledAt = (
  table: string,
  connector: string,
  stream: string,
  at: string,
): PutCommandInput => ({
  TableName: table,
  Item: { pk: k.connector(connector), sk: k.reconciled(stream), kind: 'connectorReconciliation', at },
});
