import type { z } from 'zod';
import type { BackfillKind } from './backfill.ts';
import {
  type CanonicalRecord,
  type CanonicalRecordInput,
  CanonicalRecordSchema,
} from './canonical-record.ts';

declare const validated: unique symbol;

/**
 * A canonical record in its parsed (normalised) form, as {@link parseCanonicalRecord} returned it. The store
 * takes it as it is instead of parsing it a second time.
 */
export type ValidatedRecord = CanonicalRecord & { readonly [validated]: true };

/** What the store ingests: a record to validate, or one validated already. */
export type IngestRecord = CanonicalRecordInput | ValidatedRecord;

// The objects this module produced. The brand is checked at run time as well, so a look-alike (a JSON body,
// a copy) is parsed like any other input and never trusted for its shape alone.
const produced = new WeakSet<object>();

const brand = (record: CanonicalRecord): ValidatedRecord => {
  produced.add(record);
  return record as ValidatedRecord;
};

export type RecordParse =
  | { readonly success: true; readonly record: ValidatedRecord }
  | { readonly success: false; readonly error: z.ZodError };

/** Parses a record with {@link CanonicalRecordSchema} once; the result travels on as a {@link ValidatedRecord}. */
export const parseCanonicalRecord = (input: unknown): RecordParse => {
  const parsed = CanonicalRecordSchema.safeParse(input);
  return parsed.success
    ? { success: true, record: brand(parsed.data) }
    : { success: false, error: parsed.error };
};

/** Whether `value` is a record {@link parseCanonicalRecord} produced (not merely one shaped like it). */
export const isValidatedRecord = (value: unknown): value is ValidatedRecord =>
  typeof value === 'object' && value !== null && produced.has(value);

/**
 * The record marked as history; a record that names its own marker keeps it. Still validated: the marker
 * is a {@link BackfillKind}, the one thing added.
 */
export const withBackfill = (record: ValidatedRecord, backfill: BackfillKind): ValidatedRecord =>
  brand({ backfill, ...record });
