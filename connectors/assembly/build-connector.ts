import type { Clock } from '../../core/ports/clock.ts';
import type { SecretResolver } from '../../core/ports/secret-resolver.ts';
import type { EntityName } from '../../schemas/entities/canonical-record.ts';
import type { ValidatedRecord } from '../../schemas/entities/validated-record.ts';
import type { ConnectorConfig } from '../config/connector-config.ts';
import { applyIdentifierPolicy } from '../config/identifier-policy.ts';
import { type ResolvedStream, resolveStreams } from '../config/resolve-streams.ts';
import { createAuthorizer } from '../http/auth.ts';
import { type RetryNotice, SourceHttpClient } from '../http/http-client.ts';
import { createTokenBucket } from '../http/rate-budget.ts';
import type { HttpTransport } from '../http/transport.ts';
import { createGroupingStream } from '../kit/grouping-stream.ts';
import { recordCursorOf } from '../kit/incremental/timestamp-stream.ts';
import type { RecordTranslator } from '../kit/record-translator.ts';
import type { CheckResult, SourceStream } from '../kit/source-stream.ts';
import type { RequestCounters } from '../kit/sync-stream.ts';
import { createMappingTranslator } from '../mapping/mapping-translator.ts';
import { presets } from '../presets/index.ts';
import { createCursorExportStream } from '../protocols/cursor-export/cursor-export-stream.ts';
import { createFolderObjectStore } from '../protocols/object-listing/folder-object-store.ts';
import { createObjectListingStream } from '../protocols/object-listing/object-listing-stream.ts';
import type { ObjectStore } from '../protocols/object-listing/object-store.ts';
import { createS3ObjectStore } from '../protocols/object-listing/s3-object-store.ts';
import { createODataDeltaStream } from '../protocols/odata/odata-delta-stream.ts';
import { createODataStream } from '../protocols/odata/odata-stream.ts';
import { createRestStream, restGroupRows } from '../protocols/rest/rest-stream.ts';

/** What a connector needs from its surroundings; all injectable for tests. */
export interface ConnectorDependencies {
  readonly clock: Clock;
  readonly transport: HttpTransport;
  readonly secrets: SecretResolver;
  /** Opens the clickstream landing zone. @default S3 for `s3`, the folder for `folder` */
  readonly openLanding?: (landing: Extract<ConnectorConfig, { preset: 'segment' }>['landing']) => ObjectStore;
  readonly onRetry?: (notice: RetryNotice) => void;
  readonly random?: () => number;
}

/** A stream of a built connector with the translator that maps its records to canonical envelopes. */
export interface BuiltStream {
  readonly stream: SourceStream;
  /** The canonical entity the stream's records become (for delete reconciliation). */
  readonly entity: EntityName;
  readonly translate: RecordTranslator<ValidatedRecord>;
}

/** A connector instance ready to sync. */
export interface BuiltConnector {
  readonly name: string;
  readonly config: ConnectorConfig;
  readonly streams: readonly BuiltStream[];
  /** Requests sent and retries made so far by this connector's HTTP client. */
  counters(): RequestCounters;
  /** Airbyte-style connection check: can the first stream be listed with these settings and credentials? */
  check(signal?: AbortSignal): Promise<CheckResult>;
}

const defaultLanding: NonNullable<ConnectorDependencies['openLanding']> = (landing) =>
  landing.kind === 's3' ? createS3ObjectStore(landing.bucket) : createFolderObjectStore(landing.dir);

const translatorFor = (
  name: string,
  resolved: ResolvedStream,
  streamName: string,
  clock: Clock,
): BuiltStream['translate'] => {
  const group = resolved.mapping.group;
  const primaryKey = group
    ? [group.by]
    : resolved.protocol === 'objects' || resolved.protocol === 'cursor-export'
      ? [resolved.source.keyField]
      : resolved.source.keyFields;
  const cursorSpec =
    resolved.protocol === 'objects'
      ? undefined
      : {
          cursorField: resolved.source.cursorField,
          cursorFormat: resolved.source.cursorFormat,
          cursorTimeField: resolved.protocol === 'odata' ? resolved.source.cursorTimeField : undefined,
        };
  return createMappingTranslator({
    system: name,
    stream: streamName,
    primaryKey,
    mapping: resolved.mapping,
    now: () => clock.now(),
    ...(cursorSpec
      ? {
          versionOf: (raw: unknown) => {
            const ms = recordCursorOf(raw, cursorSpec);
            return ms === undefined ? undefined : new Date(ms).toISOString();
          },
        }
      : {}),
  });
};

const describeError = (err: unknown): string =>
  err instanceof Error ? `${err.name}: ${err.message}` : String(err);

/** Builds a connector instance from its validated config: preset streams, protocol kits, HTTP client, auth. */
export const buildConnector = (
  name: string,
  config: ConnectorConfig,
  deps: ConnectorDependencies,
): BuiltConnector => {
  const preset = applyIdentifierPolicy(presets[config.preset], config.invalidIdentifiers);
  if (config.preset === 'segment') {
    const store = (deps.openLanding ?? defaultLanding)(config.landing);
    const resolved = resolveStreams(name, preset, config.streams, () =>
      config.prefix === undefined ? {} : { prefix: config.prefix },
    );
    const prefixes: string[] = [];
    const streams = [...resolved].flatMap(([streamName, r]): BuiltStream[] => {
      if (r.protocol !== 'objects') return [];
      prefixes.push(r.source.prefix);
      const stream = createObjectListingStream(r.source, { store, clock: deps.clock });
      return [
        { stream, entity: r.mapping.entity, translate: translatorFor(name, r, streamName, deps.clock) },
      ];
    });
    return {
      name,
      config,
      streams,
      counters: () => ({ requests: 0, retries: 0 }),
      check: async () => {
        try {
          for await (const _ of store.list(prefixes[0] ?? '')) break;
          return { ok: true };
        } catch (err: unknown) {
          return { ok: false, reason: describeError(err) };
        }
      },
    };
  }

  const http = new SourceHttpClient({
    transport: deps.transport,
    clock: deps.clock,
    budget: createTokenBucket(config.rateBudget, deps.clock),
    retry: config.retry,
    timeoutMs: config.timeoutMs,
    ...(deps.onRetry ? { onRetry: deps.onRetry } : {}),
    ...(deps.random ? { random: deps.random } : {}),
  });
  http.useAuthorizer(
    createAuthorizer(config.auth, {
      secrets: deps.secrets,
      send: (request) => http.send(request),
      clock: deps.clock,
      timeoutMs: config.timeoutMs,
    }),
  );
  const root =
    config.preset === 'business-central'
      ? `${config.baseUrl}/companies(${config.companyId})`
      : config.baseUrl;
  const resolved = resolveStreams(name, preset, config.streams);
  const streams = [...resolved].flatMap(([streamName, r]): BuiltStream[] => {
    const translate = translatorFor(name, r, streamName, deps.clock);
    switch (r.protocol) {
      case 'odata': {
        const odataDeps = { http, serviceRoot: root, clock: deps.clock };
        const stream =
          r.source.changeTracking === 'delta'
            ? createODataDeltaStream(r.source, odataDeps)
            : createODataStream(r.source, odataDeps);
        return [{ stream, entity: r.mapping.entity, translate }];
      }
      case 'rest': {
        const restDeps = { http, baseUrl: root, clock: deps.clock };
        const rows = createRestStream(r.source, restDeps);
        const { group } = r.mapping;
        const source = r.source;
        const stream = group
          ? createGroupingStream(rows, {
              ...group,
              ...(source.groupQuery
                ? { rowsOf: (keys, signal) => restGroupRows(source, restDeps, keys, signal) }
                : {}),
            })
          : rows;
        return [{ stream, entity: r.mapping.entity, translate }];
      }
      case 'cursor-export':
        return [
          {
            stream: createCursorExportStream(r.source, { http, baseUrl: root, clock: deps.clock }),
            entity: r.mapping.entity,
            translate,
          },
        ];
      default:
        // Object listings belong to the segment preset, handled above.
        return [];
    }
  });
  return {
    name,
    config,
    streams,
    counters: () => ({ ...http.stats }),
    check: async (signal) => {
      const first = streams[0]?.stream;
      if (!first?.listKeys) return { ok: true };
      try {
        for await (const _ of first.listKeys(signal)) break;
        return { ok: true };
      } catch (err: unknown) {
        return { ok: false, reason: describeError(err) };
      }
    },
  };
};
