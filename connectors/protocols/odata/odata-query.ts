import type { WindowQuery } from '../../kit/incremental/timestamp-stream.ts';
import type { ODataStreamConfig } from './odata-stream-config.ts';

/** Writes an ISO instant as an OData `$filter` literal of the configured kind. */
export const odataTimestampLiteral = (iso: string, kind: ODataStreamConfig['cursorLiteral']): string => {
  switch (kind) {
    case 'datetimeoffset':
      return `datetimeoffset'${iso}'`;
    case 'datetime':
      // Edm.DateTime has no offset: SAP reads it as UTC.
      return `datetime'${iso.replace(/Z$/, '')}'`;
    case 'bare':
      return iso;
  }
};

const encode = (params: readonly (readonly [string, string])[]): string =>
  params.map(([name, value]) => `${name}=${encodeURIComponent(value).replace(/'/g, '%27')}`).join('&');

/** The `$filter` of a window: `cursor ge from and cursor le upTo` plus any static clause. */
export const buildWindowFilter = (config: ODataStreamConfig, query: WindowQuery): string => {
  const clauses: string[] = [];
  if (query.from)
    clauses.push(`${config.cursorField} ge ${odataTimestampLiteral(query.from, config.cursorLiteral)}`);
  clauses.push(`${config.cursorField} le ${odataTimestampLiteral(query.upTo, config.cursorLiteral)}`);
  if (config.filter) clauses.push(`(${config.filter})`);
  return clauses.join(' and ');
};

/** Cursor (and its time part), then every key field: the order the resume position is compared in. */
export const orderByTerms = (config: ODataStreamConfig): string[] => [
  `${config.cursorField} asc`,
  ...(config.cursorTimeField ? [`${config.cursorTimeField} asc`] : []),
  ...config.keyFields.map((field) => `${field} asc`),
];

/** The first URL of a window query, ordered by cursor then key so paging and ties are deterministic. */
export const buildWindowUrl = (
  serviceRoot: string,
  config: ODataStreamConfig,
  query: WindowQuery,
): string => {
  const params: [string, string][] = [
    ['$filter', buildWindowFilter(config, query)],
    ['$orderby', orderByTerms(config).join(',')],
  ];
  if (config.select.length > 0) {
    const select = new Set([
      ...config.keyFields,
      config.cursorField,
      ...(config.cursorTimeField ? [config.cursorTimeField] : []),
      ...config.select,
    ]);
    params.push(['$select', [...select].join(',')]);
  }
  if (config.expand.length > 0) params.push(['$expand', config.expand.join(',')]);
  // Only the first URL asks: next links are the server's, and one count per read is all the progress bar needs.
  if (config.requestCount)
    params.push(config.version === 'v2' ? ['$inlinecount', 'allpages'] : ['$count', 'true']);
  if (config.version === 'v2') params.push(['$format', 'json']);
  return `${serviceRoot}${config.entitySet}?${encode(params)}`;
};

/** The URL listing every key of the entity set (delete reconciliation). */
export const buildKeyListUrl = (serviceRoot: string, config: ODataStreamConfig): string => {
  const params: [string, string][] = [
    ['$select', config.keyFields.join(',')],
    ['$orderby', config.keyFields.map((field) => `${field} asc`).join(',')],
  ];
  if (config.filter) params.push(['$filter', config.filter]);
  if (config.version === 'v2') params.push(['$format', 'json']);
  return `${serviceRoot}${config.entitySet}?${encode(params)}`;
};

/** Request headers: v4 services are asked for the configured page size. */
export const odataHeaders = (config: ODataStreamConfig): Record<string, string> =>
  config.version === 'v4'
    ? { 'odata-version': '4.0', prefer: `odata.maxpagesize=${config.pageSize}` }
    : { dataserviceversion: '2.0' };

/** The first URL of a change-tracked (delta) read: the whole entity set, no filter or order (delta links allow none). */
export const buildTrackedReadUrl = (serviceRoot: string, config: ODataStreamConfig): string => {
  const params: [string, string][] = [];
  if (config.select.length > 0)
    params.push([
      '$select',
      [...new Set([...config.keyFields, config.cursorField, ...config.select])].join(','),
    ]);
  if (config.expand.length > 0) params.push(['$expand', config.expand.join(',')]);
  return `${serviceRoot}${config.entitySet}${params.length > 0 ? `?${encode(params)}` : ''}`;
};
