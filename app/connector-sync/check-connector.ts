import type { BuiltConnector } from '../../connectors/assembly/build-connector.ts';
import type { CheckResult } from '../../connectors/kit/source-stream.ts';

/** What reading and mapping one stream's first page showed. */
export interface StreamCheck {
  readonly stream: string;
  readonly ok: boolean;
  /** Raw records on the first page. */
  readonly read: number;
  /** Canonical records the mapping made of them. */
  readonly mapped: number;
  /** Raw records the mapping refused, with the first few reasons (what a sync would quarantine). */
  readonly quarantined: number;
  readonly reasons: readonly string[];
  /** The stream could not be read at all (path, auth, payload shape). */
  readonly error?: string;
  readonly warning?: string;
}

export interface ConnectorCheck {
  readonly connector: string;
  readonly connection: CheckResult;
  readonly streams: readonly StreamCheck[];
  readonly ok: boolean;
}

const MAX_REASONS = 3;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

const checkStream = async (
  built: BuiltConnector['streams'][number],
  signal: AbortSignal | undefined,
): Promise<StreamCheck> => {
  const name = built.stream.name;
  try {
    // Only the first page: a check proves the path, paging and mapping, it does not load the source.
    for await (const page of built.stream.read(undefined, { full: true, ...(signal ? { signal } : {}) })) {
      let mapped = 0;
      const reasons: string[] = [];
      let quarantined = 0;
      for (const raw of page.records) {
        const translation = built.translate(raw);
        if (translation.ok) mapped += translation.records.length;
        else {
          quarantined += 1;
          if (reasons.length < MAX_REASONS)
            reasons.push(`${translation.key ?? '(no key)'}: ${translation.reason}`);
        }
      }
      return {
        stream: name,
        ok: quarantined === 0,
        read: page.records.length,
        mapped,
        quarantined,
        reasons,
        ...(page.warning ? { warning: page.warning } : {}),
      };
    }
    return { stream: name, ok: true, read: 0, mapped: 0, quarantined: 0, reasons: [] };
  } catch (err: unknown) {
    return { stream: name, ok: false, read: 0, mapped: 0, quarantined: 0, reasons: [], error: message(err) };
  }
};

/**
 * Airbyte-style `check` of a configured connector: the connection (reachability and auth), then each stream's
 * first page read and mapped exactly as a sync would, writing nothing (no records, checkpoints or quarantine).
 */
export const checkConnector = async (
  connector: BuiltConnector,
  signal?: AbortSignal,
): Promise<ConnectorCheck> => {
  let connection: CheckResult;
  try {
    connection = await connector.check(signal);
  } catch (err: unknown) {
    connection = { ok: false, reason: message(err) };
  }
  if (!connection.ok) return { connector: connector.name, connection, streams: [], ok: false };
  const streams: StreamCheck[] = [];
  for (const built of connector.streams) streams.push(await checkStream(built, signal));
  return { connector: connector.name, connection, streams, ok: streams.every((s) => s.ok) };
};
