import { describe, expect, it } from 'vitest';
import { applyFieldMap } from '../../../connectors/mapping/apply-mapping.ts';
import { createMappingTranslator } from '../../../connectors/mapping/mapping-translator.ts';
import { StreamMappingSchema } from '../../../connectors/mapping/stream-mapping.ts';
import { sapS4Preset } from '../../../connectors/presets/sap-s4.ts';

describe('field mappings', () => {
  it('maps paths, transforms, lookups, defaults, joins and expanded v2 collections', () => {
    const record = {
      Status: 'B',
      Amount: '12.50',
      Street: 'Hauptstr.',
      House: '5',
      Empty: '',
      to_Item: { results: [{ Item: '10', Qty: '2' }] },
    };

    const mapped = applyFieldMap(
      {
        status: { path: 'Status', lookup: { A: 'open', B: 'partiallyDelivered' } },
        amount: { path: 'Amount', transform: 'number' },
        street: { join: ['Street', 'House'], separator: ' ' },
        note: { path: 'Empty', transform: 'emptyToMissing', default: 'none' },
        lines: {
          each: 'to_Item',
          fields: { lineNumber: 'Item', quantity: { path: 'Qty', transform: 'number' } },
        },
        missing: 'Nope',
      },
      record,
    );

    expect(mapped).toEqual({
      status: 'partiallyDelivered',
      amount: 12.5,
      street: 'Hauptstr. 5',
      note: 'none',
      lines: [{ lineNumber: '10', quantity: 2 }],
    });
  });
});

describe('SAP sales order preset translation', () => {
  const preset = sapS4Preset.streams['sales-orders'];
  const translate = createMappingTranslator({
    system: 'sap-s4',
    stream: 'sales-orders',
    primaryKey: ['SalesOrder'],
    mapping: StreamMappingSchema.parse(preset?.mapping),
    versionOf: () => '2026-03-01T10:00:00.000Z',
  });
  const order = {
    SalesOrder: '4711',
    SoldToParty: '0001000123',
    SalesOrderDate: '/Date(1772323200000)/',
    OverallSDProcessStatus: 'A',
    TransactionCurrency: 'EUR',
    TotalNetAmount: '99.90',
    to_Item: { results: [{ SalesOrderItem: '10', Material: 'P-100', RequestedQuantity: '1' }] },
  };

  it('produces a parsed canonical order envelope with the sold-to party as ERP identifier', () => {
    const result = translate(order);

    expect(result.ok && result.records[0]).toMatchObject({
      entity: 'order',
      source: { system: 'sap-s4', stream: 'sales-orders', key: '4711', version: '2026-03-01T10:00:00.000Z' },
      // Parsed once here, so already normalised: scoped by the ERP system, SAP's zero padding dropped.
      identifiers: [{ type: 'erp', value: 'sap-s4:1000123' }],
      data: { orderNumber: '4711', status: 'open', currency: 'EUR', netAmount: 99.9 },
    });
  });

  it('returns the reason instead of a record when the source record does not fit', () => {
    const noCurrency = translate({ ...order, TransactionCurrency: 'euro' });
    const noKey = translate({ ...order, SalesOrder: undefined });

    expect(noCurrency).toMatchObject({ ok: false, key: '4711', reason: expect.stringContaining('currency') });
    expect(noKey).toMatchObject({ ok: false, reason: expect.stringContaining('SalesOrder') });
  });
});
