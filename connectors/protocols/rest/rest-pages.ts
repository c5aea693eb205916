import type { JsonResponse, SourceHttpClient } from '../../http/http-client.ts';
import { readPath } from '../../mapping/field-path.ts';
import { followLink } from '../links/continuation-link.ts';
import { nextLinkFromHeader } from './link-header.ts';
import { withParams } from './rest-query.ts';
import type { RestStreamConfig } from './rest-stream-config.ts';

/** A JSON response that does not hold the configured records array. */
export class RestShapeError extends Error {
  override readonly name = 'RestShapeError';
}

const recordsOf = (config: RestStreamConfig, response: JsonResponse): readonly unknown[] => {
  const records = readPath(response.json, config.recordsPath);
  if (!Array.isArray(records)) {
    throw new RestShapeError(`${config.path}: response has no "${config.recordsPath}" array`);
  }
  return records;
};

/** Reads a REST collection page by page with the configured paging, from the given parameters. */
export async function* followRestPages(
  http: SourceHttpClient,
  baseUrl: string,
  config: RestStreamConfig,
  params: Readonly<Record<string, string>>,
  signal?: AbortSignal,
): AsyncIterable<readonly unknown[]> {
  const paging = config.paging;
  switch (paging.kind) {
    case 'offset': {
      let offset = 0;
      for (;;) {
        const url = withParams(baseUrl, config.path, { ...params, [paging.offsetParam]: String(offset) });
        const response = await http.getJson(url, {}, signal);
        const records = recordsOf(config, response);
        yield records;
        const hasMore = readPath(response.json, paging.hasMoreField);
        const more = typeof hasMore === 'boolean' ? hasMore : records.length >= paging.limit;
        if (!more || records.length === 0) return;
        offset += records.length;
      }
    }
    case 'link-header': {
      let url: string | undefined = withParams(baseUrl, config.path, params);
      while (url) {
        const response = await http.getJson(url, {}, signal);
        yield recordsOf(config, response);
        const next = nextLinkFromHeader(response.headers.link);
        url = next ? followLink(next, url, baseUrl) : undefined;
      }
      return;
    }
    case 'cursor-token': {
      let token: string | undefined;
      do {
        const pageParams = token === undefined ? params : { ...params, [paging.tokenParam]: token };
        const response = await http.getJson(withParams(baseUrl, config.path, pageParams), {}, signal);
        yield recordsOf(config, response);
        const next = readPath(response.json, paging.tokenField);
        token = typeof next === 'string' && next !== '' ? next : undefined;
      } while (token !== undefined);
      return;
    }
  }
}
