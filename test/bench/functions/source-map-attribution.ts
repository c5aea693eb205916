import { relative, resolve } from 'node:path';

/**
 * Which source file each byte of a bundle came from, read from the bundle's own source map: every mapped
 * segment of the generated code is charged to its source until the next segment starts. Minified bundles
 * keep one mapping per token, so this is close to esbuild's metafile `bytesInOutput`, without having to
 * rebuild the bundle outside CDK.
 */
export interface SourceMapV3 {
  readonly sources: readonly string[];
  readonly mappings: string;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...BASE64].map((c, i) => [c, i]));

/** Decodes one mapping segment's base64 VLQ fields. */
export const decodeVlqSegment = (segment: string): number[] => {
  const fields: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64_VALUE.get(char);
    if (digit === undefined) throw new Error(`invalid base64 VLQ character "${char}" in source map`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    fields.push(value & 1 ? -Math.floor(value / 2) : Math.floor(value / 2));
    value = 0;
    shift = 0;
  }
  return fields;
};

/** Code units of generated code per source (`(unmapped)` for code no source claims). */
export const bytesPerSource = (code: string, map: SourceMapV3): Map<string, number> => {
  const totals = new Map<string, number>();
  const add = (source: string, n: number) => {
    if (n > 0) totals.set(source, (totals.get(source) ?? 0) + n);
  };
  const lines = code.split('\n');
  const mappingLines = map.mappings.split(';');
  let sourceIndex = 0;
  for (const [lineNumber, line] of lines.entries()) {
    const lineLength = line.length + 1; // the newline belongs to the line's last segment
    const segments: { column: number; source: number | undefined }[] = [];
    let column = 0;
    for (const raw of (mappingLines[lineNumber] ?? '').split(',')) {
      if (raw === '') continue;
      const fields = decodeVlqSegment(raw);
      column += fields[0] ?? 0;
      if (fields.length >= 4) {
        sourceIndex += fields[1] ?? 0;
        segments.push({ column, source: sourceIndex });
      } else segments.push({ column, source: undefined });
    }
    if (segments.length === 0) {
      add('(unmapped)', lineLength);
      continue;
    }
    add('(unmapped)', segments[0]?.column ?? 0);
    for (const [i, segment] of segments.entries()) {
      const end = segments[i + 1]?.column ?? lineLength;
      const name =
        segment.source === undefined ? '(unmapped)' : (map.sources[segment.source] ?? '(unmapped)');
      add(name, end - segment.column);
    }
  }
  return totals;
};

/**
 * A readable name for a bundled source (source map paths are relative to the map's folder):
 * `node_modules/<package>/<file>` becomes `<package>:<file>` (`@aws-sdk/client-dynamodb:dist-es/...`),
 * a repository file its path from the repository root (`core/items/keys.ts`).
 */
export const sourceName = (source: string, mapDir: string, repositoryRoot: string): string => {
  const absolute = resolve(mapDir, source);
  const normalized = (
    absolute.startsWith(repositoryRoot) ? relative(repositoryRoot, absolute) : absolute
  ).replaceAll('\\', '/');
  const modules = normalized.lastIndexOf('node_modules/');
  if (modules < 0) return normalized;
  const parts = normalized.slice(modules + 'node_modules/'.length).split('/');
  const packageName = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? normalized);
  return `${packageName}:${parts.slice(packageName.split('/').length).join('/')}`;
};

/** The module a named source belongs to: its npm package, or its repository folder (`core/items`). */
export const moduleOf = (name: string): string => {
  const colon = name.indexOf(':');
  if (colon >= 0) return name.slice(0, colon);
  const parts = name.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : name;
};
