import { ingestPage } from '../../core/ingest/ingest-page.ts';
import type { CustomerStore } from '../../core/ports/customer-store.ts';
import type { BackfillKind } from '../../schemas/entities/backfill.ts';
import {
  type IngestRecord,
  isValidatedRecord,
  withBackfill,
} from '../../schemas/entities/validated-record.ts';
import type { StoreContext } from './store-context.ts';

export type CustomerIngest = Pick<CustomerStore, 'ingest'>;

/** Marks a page's records as history; a record that names its own marker keeps it. */
const markBackfill = (
  records: readonly IngestRecord[],
  backfill: BackfillKind | undefined,
): readonly IngestRecord[] =>
  backfill === undefined
    ? records
    : records.map((record) =>
        // A validated record stays validated (the store does not parse it again).
        isValidatedRecord(record) ? withBackfill(record, backfill) : { backfill, ...record },
      );

/** The write path of source records: identity resolution, survivorship and the derived items. */
export const createCustomerIngest = (ctx: StoreContext): CustomerIngest => {
  const { backend, config, hashOf, newCustomerId, now, maxAttempts, pause, plainWrites } = ctx;
  return {
    ingest: (records, ingestOptions = {}) =>
      ingestPage(markBackfill(records, ingestOptions.backfill), {
        backend,
        config,
        hashOf,
        newCustomerId,
        now,
        maxAttempts,
        pause,
        plainWrites,
      }),
  };
};
