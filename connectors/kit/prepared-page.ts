import { createHash } from 'node:crypto';
import type { RecordTranslator } from './record-translator.ts';
import type { RawPage } from './source-stream.ts';

/** A record to file in quarantine: the key it is known by, why, and the raw payload as the source sent it. */
export interface QuarantineFiling {
  readonly recordKey: string;
  readonly reason: string;
  readonly raw: unknown;
}

/** Where a canonical record came from: its raw source record and key (a store rejection is filed under them). */
export interface RecordOrigin {
  readonly raw: unknown;
  readonly key: string;
  /** The record's technical key where `key` is its business key: an older refusal may be filed under it. */
  readonly technicalKey?: string;
  /** The raw record's place in its page. */
  readonly position: number;
}

/** A raw record the translator refused, with its place in its page. */
export interface RefusedRecord extends QuarantineFiling {
  readonly position: number;
}

/** A page translated ahead of its commit: what to ingest, what to quarantine and what to count. */
export interface PreparedPage<R> {
  readonly page: RawPage<unknown>;
  /** Canonical records to ingest, in source order. */
  readonly valid: readonly R[];
  /** `origins[i]` is where `valid[i]` came from. */
  readonly origins: readonly RecordOrigin[];
  /** Raw records the translator refused, in source order. */
  readonly refused: readonly RefusedRecord[];
  /** Raw records that mark a delete at the source. */
  readonly deleted: number;
}

/** Hash of a raw payload: the quarantine key of a record whose own key cannot be read. */
export const payloadHash = (raw: unknown): string => {
  // Stryker disable next-line StringLiteral: equivalent, any fixed text gives an undefined payload one stable key, and no JSON text is empty or "undefined" (a disable comment inside the call chain was not applied).
  const text = JSON.stringify(raw) ?? 'undefined';
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
};

/**
 * Translates a page's raw records: pure work, so it can run while the page before is still being committed
 * (the store's round trips leave the CPU idle) without writing or counting anything yet.
 */
export const preparePage = <R>(page: RawPage<unknown>, translate: RecordTranslator<R>): PreparedPage<R> => {
  const valid: R[] = [];
  const origins: RecordOrigin[] = [];
  const refused: RefusedRecord[] = [];
  let deleted = 0;
  for (const [position, raw] of page.records.entries()) {
    const translation = translate(raw);
    if (!translation.ok) {
      refused.push({
        recordKey: translation.key ?? `payload:${payloadHash(raw)}`,
        reason: translation.reason,
        raw,
        position,
      });
      continue;
    }
    const origin: RecordOrigin =
      translation.businessKey === undefined || translation.businessKey === translation.key
        ? { raw, key: translation.key, position }
        : { raw, key: translation.businessKey, technicalKey: translation.key, position };
    for (const record of translation.records) {
      valid.push(record);
      origins.push(origin);
    }
    if (translation.deleted) deleted += 1;
  }
  return { page, valid, origins, refused, deleted };
};

/** A stream's pages, each translated as soon as it is read. */
export async function* preparePages<R>(
  pages: AsyncIterable<RawPage<unknown>>,
  translate: RecordTranslator<R>,
): AsyncGenerator<PreparedPage<R>, void, undefined> {
  for await (const page of pages) yield preparePage(page, translate);
}
