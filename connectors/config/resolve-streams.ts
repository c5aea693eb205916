import type { z } from 'zod';
import { ConfigError } from '../../schemas/config/parse-config.ts';
import { type StreamMapping, StreamMappingSchema } from '../mapping/stream-mapping.ts';
import type { Preset, PresetStream } from '../presets/preset.ts';
import {
  type CursorExportStreamConfig,
  CursorExportStreamConfigSchema,
} from '../protocols/cursor-export/cursor-export-config.ts';
import {
  type ObjectListingStreamConfig,
  ObjectListingStreamConfigSchema,
} from '../protocols/object-listing/object-listing-config.ts';
import { type ODataStreamConfig, ODataStreamConfigSchema } from '../protocols/odata/odata-stream-config.ts';
import { type RestStreamConfig, RestStreamConfigSchema } from '../protocols/rest/rest-stream-config.ts';
import type { StreamOverride } from './connector-config.ts';
import { describeConfigIssues } from './describe-config-issues.ts';

/** A stream ready to build: the preset merged with the instance's overrides, validated. */
export type ResolvedStream =
  | { readonly protocol: 'odata'; readonly source: ODataStreamConfig; readonly mapping: StreamMapping }
  | { readonly protocol: 'rest'; readonly source: RestStreamConfig; readonly mapping: StreamMapping }
  | {
      readonly protocol: 'objects';
      readonly source: ObjectListingStreamConfig;
      readonly mapping: StreamMapping;
    }
  | {
      readonly protocol: 'cursor-export';
      readonly source: CursorExportStreamConfig;
      readonly mapping: StreamMapping;
    };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Merges plain objects key by key (arrays and scalars are replaced), for protocol setting overrides;
 * `null` removes a preset setting (e.g. `params.expand` on a resource that has no children).
 */
export const mergeSettings = (
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> => {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    if (value === null) {
      delete out[key];
      continue;
    }
    out[key] = isObject(current) && isObject(value) ? mergeSettings(current, value) : value;
  }
  return out;
};

const mergeMapping = (preset: PresetStream['mapping'], override: StreamOverride['mapping']): unknown => {
  const data: Record<string, unknown> = { ...preset.data };
  for (const [field, mapping] of Object.entries(override.data ?? {})) {
    if (mapping === null) delete data[field];
    else data[field] = mapping;
  }
  return {
    ...preset,
    ...(override.entity ? { entity: override.entity } : {}),
    ...(override.version ? { version: override.version } : {}),
    ...(override.identifiers ? { identifiers: override.identifiers } : {}),
    ...(override.deletedWhen ? { deletedWhen: override.deletedWhen } : {}),
    ...(override.group ? { group: override.group } : {}),
    data,
  };
};

const parseAt = <S extends z.ZodType>(schema: S, value: unknown, path: string, problems: string[]) => {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (!parsed.success) problems.push(...describeConfigIssues(parsed.error, path));
  return parsed.success ? parsed.data : undefined;
};

/**
 * Resolves a connector's streams: each enabled preset stream with the instance's protocol and mapping
 * overrides applied, validated; every problem is reported with its path under `connector`.
 */
export const resolveStreams = (
  connector: string,
  preset: Preset,
  overrides: Readonly<Record<string, StreamOverride>>,
  adjust: (stream: PresetStream) => Record<string, unknown> = () => ({}),
): Map<string, ResolvedStream> => {
  const problems: string[] = [];
  for (const name of Object.keys(overrides)) {
    if (!(name in preset.streams)) {
      problems.push(
        `${connector}.streams.${name}: is not a stream of this preset (${Object.keys(preset.streams).join(', ')})`,
      );
    }
  }
  const resolved = new Map<string, ResolvedStream>();
  for (const [name, stream] of Object.entries(preset.streams)) {
    const override = overrides[name];
    if (override?.enabled === false) continue;
    const at = `${connector}.streams.${name}`;
    const source = mergeSettings({ ...stream.source, name, ...adjust(stream) }, override?.source ?? {});
    const mapping = parseAt(
      StreamMappingSchema,
      mergeMapping(stream.mapping, override?.mapping ?? {}),
      `${at}.mapping`,
      problems,
    );
    if (!mapping) continue;
    switch (stream.protocol) {
      case 'odata': {
        const parsed = parseAt(ODataStreamConfigSchema, source, `${at}.source`, problems);
        if (parsed) resolved.set(name, { protocol: 'odata', source: parsed, mapping });
        break;
      }
      case 'rest': {
        const parsed = parseAt(RestStreamConfigSchema, source, `${at}.source`, problems);
        if (parsed) resolved.set(name, { protocol: 'rest', source: parsed, mapping });
        break;
      }
      case 'objects': {
        const parsed = parseAt(ObjectListingStreamConfigSchema, source, `${at}.source`, problems);
        if (parsed) resolved.set(name, { protocol: 'objects', source: parsed, mapping });
        break;
      }
      case 'cursor-export': {
        const parsed = parseAt(CursorExportStreamConfigSchema, source, `${at}.source`, problems);
        if (parsed) resolved.set(name, { protocol: 'cursor-export', source: parsed, mapping });
        break;
      }
    }
  }
  if (problems.length > 0) throw new ConfigError('connector configuration', problems);
  return resolved;
};
