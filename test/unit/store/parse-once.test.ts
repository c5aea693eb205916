import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMappingTranslator } from '../../../connectors/mapping/mapping-translator.ts';
import { StreamMappingSchema } from '../../../connectors/mapping/stream-mapping.ts';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import { prepareRecords } from '../../../core/ingest/prepare-records.ts';
import { CanonicalRecordSchema } from '../../../schemas/entities/canonical-record.ts';
import { erp, exampleCustomer } from '../../../schemas/entities/examples.ts';
import {
  isValidatedRecord,
  parseCanonicalRecord,
  withBackfill,
} from '../../../schemas/entities/validated-record.ts';

const translate = createMappingTranslator({
  system: 'bc-eu',
  stream: 'customers',
  primaryKey: ['id'],
  mapping: StreamMappingSchema.parse({
    entity: 'customer',
    identifiers: [{ type: 'erp', value: 'number', required: true }],
    data: { name: 'displayName' },
  }),
  versionOf: () => '2026-03-01T10:00:00.000Z',
});

describe('a source record is parsed once on its way to the store', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('the translator parses it once and the store takes the parsed record without parsing again', () => {
    const parse = vi.spyOn(CanonicalRecordSchema, 'safeParse');

    const translation = translate({ id: 'g-1', number: 'C00010', displayName: 'Adatum' });
    const { prepared, outcomes } = prepareRecords(
      translation.ok ? translation.records : [],
      defaultIdentityConfig,
    );

    expect(parse).toHaveBeenCalledTimes(1);
    expect(outcomes).toEqual([]);
    expect(prepared.map((p) => p.record.linkIds)).toEqual([['erp:bc-eu:C00010']]);
  });

  it('parses a record that only looks validated (a copy), and rejects it when it is not valid input', () => {
    const parsed = parseCanonicalRecord(exampleCustomer({ key: '1', version: '1' }, [erp('1')]));
    if (!parsed.success) throw new Error('the example customer does not parse');
    // The parsed form's ERP identifier has no `system`; as input it is invalid, so a copy must not pass.
    const copy = structuredClone(parsed.record);
    const parse = vi.spyOn(CanonicalRecordSchema, 'safeParse');

    const { outcomes } = prepareRecords([copy], defaultIdentityConfig);

    expect(isValidatedRecord(copy)).toBe(false);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(outcomes).toMatchObject([{ index: 0, outcome: 'rejected' }]);
  });

  it('keeps a record validated when it is marked as backfill, and keeps a marker the record names', () => {
    const parsed = parseCanonicalRecord({
      ...exampleCustomer({ key: '1', version: '1' }, [erp('1')]),
      backfill: 'replay',
    });
    if (!parsed.success) throw new Error('the example customer does not parse');

    const marked = withBackfill(parsed.record, 'initialLoad');

    expect(isValidatedRecord(marked)).toBe(true);
    expect(marked.backfill).toBe('replay');
  });
});
