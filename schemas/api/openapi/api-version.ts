/**
 * The query API's contract version, in the OpenAPI document's `info.version`. Raise the minor for
 * additions and the major for anything that can break a generated client.
 */
export const API_VERSION = '1.0.0';
