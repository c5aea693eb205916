import type { Clock } from '../../../core/ports/clock.ts';
import type { SourceHttpClient } from '../../http/http-client.ts';
import type { RawPage, SourceStream } from '../../kit/source-stream.ts';
import { readPath } from '../../mapping/field-path.ts';
import { withParams } from '../rest/rest-query.ts';
import {
  type CursorExportState,
  CursorExportStateSchema,
  type CursorExportStreamConfig,
} from './cursor-export-config.ts';

export interface CursorExportDependencies {
  readonly http: SourceHttpClient;
  readonly baseUrl: string;
  readonly clock: Clock;
}

/** A response that is not an export page (no records array). */
export class CursorExportShapeError extends Error {
  override readonly name = 'CursorExportShapeError';
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Joins side-loaded items onto a record and names its custom fields, so mappings read plain paths. */
export const enrichRecord = (
  config: CursorExportStreamConfig,
  record: unknown,
  sideloaded: ReadonlyMap<string, ReadonlyMap<string, unknown>>,
): unknown => {
  if (!isObject(record)) return record;
  const out: Record<string, unknown> = { ...record };
  for (const join of config.sideloads) {
    const id = readPath(record, join.on);
    const item = id === undefined || id === null ? undefined : sideloaded.get(join.from)?.get(String(id));
    if (item !== undefined) out[join.as] = item;
  }
  const names = Object.entries(config.customFields);
  if (names.length > 0) {
    const fields = readPath(record, config.customFieldsField);
    const byId = new Map(
      (Array.isArray(fields) ? fields : []).flatMap((f) =>
        isObject(f) && (typeof f.id === 'number' || typeof f.id === 'string')
          ? [[String(f.id), f.value]]
          : [],
      ),
    );
    out.$fields = Object.fromEntries(
      names.flatMap(([name, id]) => {
        const value = byId.get(String(id));
        return value === undefined || value === null || value === '' ? [] : [[name, value]];
      }),
    );
  }
  return out;
};

const sideloadsOf = (config: CursorExportStreamConfig, json: unknown) => {
  const tables = new Map<string, Map<string, unknown>>();
  for (const join of config.sideloads) {
    if (tables.has(join.from)) continue;
    const items = readPath(json, join.from);
    const table = new Map<string, unknown>();
    for (const item of Array.isArray(items) ? items : []) {
      const id = readPath(item, join.idField);
      if (typeof id === 'string' || typeof id === 'number') table.set(String(id), item);
    }
    tables.set(join.from, table);
  }
  return tables;
};

/**
 * A cursor-based incremental export as a stream: each page's checkpoint is the source's cursor after it,
 * so a crash re-reads at most one page, and a finished run keeps the last cursor for the next run (the
 * source returns only what changed after it, deleted records included).
 */
export const createCursorExportStream = (
  config: CursorExportStreamConfig,
  deps: CursorExportDependencies,
): SourceStream<CursorExportState> => ({
  name: config.name,
  primaryKey: [config.keyField],
  cursorField: config.afterCursorField,
  stateSchema: CursorExportStateSchema,
  watermarkOf: (state) => (state.readAt === undefined ? undefined : Date.parse(state.readAt)),
  async *read(state, options): AsyncIterable<RawPage<CursorExportState>> {
    let cursor = options.full ? undefined : state?.cursor;
    for (;;) {
      const params = {
        ...config.params,
        [config.pageSizeParam]: String(config.pageSize),
        ...(cursor === undefined
          ? { [config.startTimeParam]: String(config.startTime) }
          : { [config.cursorParam]: cursor }),
      };
      const { json } = await deps.http.getJson(
        withParams(deps.baseUrl, config.path, params),
        {},
        options.signal,
      );
      const records = readPath(json, config.recordsField);
      if (!Array.isArray(records)) {
        throw new CursorExportShapeError(`${config.path}: response has no "${config.recordsField}" array`);
      }
      const sideloaded = sideloadsOf(config, json);
      const after = readPath(json, config.afterCursorField);
      const next = typeof after === 'string' && after !== '' ? after : cursor;
      const readAt = new Date(deps.clock.now()).toISOString();
      yield {
        records: records.map((r) => enrichRecord(config, r, sideloaded)),
        state: { ...(next === undefined ? {} : { cursor: next }), readAt },
      };
      // The stream reached the present, or the source gave no way on: the next run continues from here.
      if (readPath(json, config.endOfStreamField) === true || next === undefined || next === cursor) return;
      cursor = next;
    }
  },
});
