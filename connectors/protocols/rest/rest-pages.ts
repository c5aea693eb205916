import type { JsonResponse, SourceHttpClient } from '../../http/http-client.ts';
import type { FetchedPage } from '../../kit/incremental/timestamp-stream.ts';
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

/** The total the source reports in a response (`total.field`), where it is a count. */
const totalOf = (config: RestStreamConfig, response: JsonResponse): number | undefined => {
  if (!config.total) return undefined;
  const value = readPath(response.json, config.total.field);
  const total = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof total === 'number' && Number.isInteger(total) && total >= 0 ? total : undefined;
};

/**
 * Reads a REST collection page by page with the configured paging, from the given parameters. The first request
 * also asks for the total (`total.params`), so only one count is paid for per read.
 */
export async function* followRestPages(
  http: SourceHttpClient,
  baseUrl: string,
  config: RestStreamConfig,
  params: Readonly<Record<string, string>>,
  signal?: AbortSignal,
): AsyncIterable<FetchedPage> {
  const paging = config.paging;
  const firstParams = { ...params, ...(config.total?.params ?? {}) };
  const page = (response: JsonResponse, first: boolean): FetchedPage => ({
    records: recordsOf(config, response),
    total: first ? totalOf(config, response) : undefined,
  });
  switch (paging.kind) {
    case 'offset': {
      let offset = 0;
      for (;;) {
        const first = offset === 0;
        const url = withParams(baseUrl, config.path, {
          ...(first ? firstParams : params),
          [paging.offsetParam]: String(offset),
        });
        const response = await http.getJson(url, {}, signal);
        const fetched = page(response, first);
        const records = fetched.records;
        yield fetched;
        const hasMore = readPath(response.json, paging.hasMoreField);
        const more = typeof hasMore === 'boolean' ? hasMore : records.length >= paging.limit;
        if (!more || records.length === 0) return;
        offset += records.length;
      }
    }
    case 'link-header': {
      let url: string | undefined = withParams(baseUrl, config.path, firstParams);
      let first = true;
      while (url) {
        const response = await http.getJson(url, {}, signal);
        yield page(response, first);
        first = false;
        const next = nextLinkFromHeader(response.headers.link);
        url = next ? followLink(next, url, baseUrl) : undefined;
      }
      return;
    }
    case 'cursor-token': {
      let token: string | undefined;
      do {
        const pageParams: Record<string, string> =
          token === undefined ? firstParams : { ...params, [paging.tokenParam]: token };
        const first = token === undefined;
        const response = await http.getJson(withParams(baseUrl, config.path, pageParams), {}, signal);
        yield page(response, first);
        const next = readPath(response.json, paging.tokenField);
        token = typeof next === 'string' && next !== '' ? next : undefined;
      } while (token !== undefined);
      return;
    }
  }
}
