import type { EntityName } from '../../schemas/entities/canonical-record.ts';

/** The source keys the store holds (not deleted) for one connector stream: what a reconciliation compares to. */
export interface KnownRecordKeys {
  list(entity: EntityName, system: string, stream: string): AsyncIterable<string>;
}
