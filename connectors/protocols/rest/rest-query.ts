import type { WindowQuery } from '../../kit/incremental/timestamp-stream.ts';
import type { RestStreamConfig } from './rest-stream-config.ts';

/** Query parameters of a window: the filter clauses, static params and the first page's size. */
export const buildWindowParams = (config: RestStreamConfig, query: WindowQuery): Record<string, string> => {
  const { windowFilter: f } = config;
  const clauses = [
    ...(query.from ? [f.from.replaceAll('{value}', query.from)] : []),
    f.upTo.replaceAll('{value}', query.upTo),
  ];
  return {
    ...config.params,
    [f.param]: clauses.join(f.separator),
    [config.paging.limitParam]: String(config.paging.limit),
  };
};

/** A URL with the given query parameters, encoded as `%20` rather than `+` (which some servers keep literally). */
export const withParams = (
  baseUrl: string,
  path: string,
  params: Readonly<Record<string, string>>,
): string => {
  const query = Object.entries(params)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return `${baseUrl}${path}${query ? `?${query}` : ''}`;
};
