import { describe, expect, it } from 'vitest';
import { createMappingTranslator } from '../../../connectors/mapping/mapping-translator.ts';
import { type StreamMappingInput, StreamMappingSchema } from '../../../connectors/mapping/stream-mapping.ts';

const customerMapping = (onInvalid?: 'quarantine' | 'drop-identifier'): StreamMappingInput => ({
  entity: 'customer',
  identifiers: [
    { type: 'erp', value: 'number', required: true },
    { type: 'email', value: 'email', ...(onInvalid ? { onInvalid } : {}) },
  ],
  businessKey: 'number',
  data: { name: 'displayName' },
});

const translatorFor = (mapping: StreamMappingInput) =>
  createMappingTranslator({
    system: 'bc-eu',
    stream: 'customers',
    primaryKey: ['id'],
    mapping: StreamMappingSchema.parse(mapping),
    versionOf: () => '2026-03-01T10:00:00.000Z',
  });

const customer = { id: '5f0c-guid', number: 'C00010', displayName: 'Adatum', email: 'orders(at)example.com' };

describe('invalid identifying values', () => {
  it('quarantine the record by default under its business key, naming the field and the raw value', () => {
    const result = translatorFor(customerMapping())(customer);

    expect(result).toEqual({
      ok: false,
      key: 'C00010',
      reason: 'email: "orders(at)example.com" is not an e-mail address',
    });
  });

  it('load the record without the identifier when the stream says drop-identifier', () => {
    const result = translatorFor(customerMapping('drop-identifier'))(customer);

    // The record comes out parsed: the ERP number carries its system as scope.
    expect(result.ok && result.records[0]?.identifiers).toEqual([{ type: 'erp', value: 'bc-eu:C00010' }]);
  });

  it('still load a record whose optional identifier is simply absent', () => {
    const result = translatorFor(customerMapping())({ ...customer, email: undefined });

    expect(result.ok).toBe(true);
  });
});
