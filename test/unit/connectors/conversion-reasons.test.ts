import { describe, expect, it } from 'vitest';
import { applyFieldMap } from '../../../connectors/mapping/apply-mapping.ts';
import type { ConversionProblem } from '../../../connectors/mapping/conversion-problem.ts';
import { createMappingTranslator } from '../../../connectors/mapping/mapping-translator.ts';
import { StreamMappingSchema } from '../../../connectors/mapping/stream-mapping.ts';
import { businessCentralPreset } from '../../../connectors/presets/business-central.ts';
import { oracleScmPreset } from '../../../connectors/presets/oracle-scm.ts';
import type { Preset } from '../../../connectors/presets/preset.ts';
import { sapS4Preset } from '../../../connectors/presets/sap-s4.ts';
import { segmentPreset } from '../../../connectors/presets/segment.ts';

const translatorFor = (preset: Preset, stream: string, system: string, primaryKey: string[]) => {
  const mapping = preset.streams[stream]?.mapping;
  if (mapping === undefined) throw new Error(`no stream ${stream}`);
  return createMappingTranslator({
    system,
    stream,
    primaryKey,
    mapping: StreamMappingSchema.parse(mapping),
    versionOf: () => '2026-03-01T10:00:00.000Z',
  });
};

const bcOrder = {
  id: 'a1b2c3d4-guid',
  number: 'SO-1001',
  customerNumber: 'C00010',
  orderDate: '2026-03-01',
  status: 'Open',
  currencyCode: '',
  totalAmountExcludingTax: 120,
  salesOrderLines: [{ sequence: 10000, lineObjectNumber: 'P-100', quantity: 12 }],
};

const reasonOf = (translation: { ok: boolean; reason?: string }) =>
  translation.ok ? undefined : translation.reason;

describe('quarantine reasons of values a mapping cannot convert', () => {
  const translateBcOrder = translatorFor(businessCentralPreset, 'sales-orders', 'business-central', ['id']);

  it('name the field and the raw value of a quantity that is not a number', () => {
    const order = { ...bcOrder, salesOrderLines: [{ ...bcOrder.salesOrderLines[0], quantity: '12 Stk.' }] };

    const translation = translateBcOrder(order);

    expect(translation).toMatchObject({ ok: false, key: 'SO-1001' });
    expect(reasonOf(translation)).toBe('lines[0].quantity: "12 Stk." is not a number');
  });

  it('name the source field as well when it differs from the canonical one (SAP RequestedQuantity)', () => {
    const translate = translatorFor(sapS4Preset, 'sales-orders', 'sap-s4', ['SalesOrder']);
    const order = {
      SalesOrder: '4711',
      SoldToParty: '1000123',
      SalesOrderDate: '/Date(1772323200000)/',
      TransactionCurrency: 'EUR',
      TotalNetAmount: '99.90',
      to_Item: { results: [{ SalesOrderItem: '10', Material: 'P-100', RequestedQuantity: 'zwölf' }] },
    };

    expect(reasonOf(translate(order))).toBe(
      'lines[0].quantity: "zwölf" is not a number (source RequestedQuantity)',
    );
  });

  it('name a date that is not a date', () => {
    const translation = translateBcOrder({ ...bcOrder, orderDate: '31.02.2026' });

    expect(reasonOf(translation)).toBe(
      'orderedAt: "31.02.2026" is not a date-time (ISO 8601 or /Date(ms)/) (source orderDate)',
    );
  });

  it('name a status its lookup (the enum translation) does not know, with the values it knows', () => {
    const translation = translateBcOrder({ ...bcOrder, status: 'Archived' });

    expect(reasonOf(translation)).toBe(
      'status: "Archived" is not one of "Draft", "Open", "In Review", "Released"',
    );
  });

  it('name every unconvertible required field at once, beside the schema’s own problems', () => {
    const translation = translateBcOrder({
      ...bcOrder,
      totalAmountExcludingTax: 'n/a',
      salesOrderLines: [{ sequence: 10000, quantity: 1 }],
    });

    expect(reasonOf(translation)?.split('; ')).toEqual([
      'netAmount: "n/a" is not a number (source totalAmountExcludingTax)',
      expect.stringMatching(/^data\.lines\[0\]\.partNumber: /),
    ]);
  });

  it('name the issuing-system value an SCM shipment gives when no ERP is known for it', () => {
    const translate = translatorFor(oracleScmPreset, 'shipments', 'oracle-scm', ['ShipmentId']);
    const shipment = {
      ShipmentId: 77,
      Shipment: 'SH-77',
      ShipToCustomerNumber: 'C00010',
      SourceOrderSystem: 'JDE',
      ShipmentStatusCode: 'OPEN',
      PlannedArrivalDate: '2026-03-10',
    };

    expect(reasonOf(translate(shipment))).toBe(
      'identifier erp: issuing system unknown; system: "JDE" is not one of "S4HANA", "BUSINESS_CENTRAL" (source SourceOrderSystem)',
    );
  });

  it('name an unreadable version value instead of only saying it is missing', () => {
    const translate = translatorFor(segmentPreset, 'events', 'segment', ['messageId']);

    const reason = reasonOf(translate({ messageId: 'm-1', type: 'page', receivedAt: 'yesterday' }));

    expect(reason).toBe(
      'missing or unreadable version (last-changed) field; version: "yesterday" is not a date-time (ISO 8601 or /Date(ms)/) (source receivedAt)',
    );
  });

  it('still load a record whose optional field cannot be converted, without that field', () => {
    const translation = translateBcOrder({
      ...bcOrder,
      salesOrderLines: [{ ...bcOrder.salesOrderLines[0], unitPrice: 'auf Anfrage' }],
    });

    expect(translation.ok && translation.records[0]?.data).toMatchObject({
      lines: [{ lineNumber: '10000', partNumber: 'P-100', quantity: 12 }],
    });
  });
});

describe('conversion problems noted by a field map', () => {
  it.each([
    ['number', '12 Stk.', 'a number'],
    ['integer', 'twelve', 'a number'],
    ['boolean', 'maybe', 'a yes/no value (true/false, X/empty, 1/0)'],
    ['isoDate', 'tomorrow', 'a date (YYYY-MM-DD, ISO 8601 or /Date(ms)/)'],
    ['isoDateTime', '2026-13-45T99:00', 'a date-time (ISO 8601 or /Date(ms)/)'],
    ['epochMsToIsoDateTime', 'soon', 'a time in epoch milliseconds'],
    ['string', { nested: true }, 'a text, number or boolean'],
  ] as const)(
    'a %s transform notes the field, its source and the raw value %j',
    (transform, raw, expected) => {
      const problems: ConversionProblem[] = [];

      const mapped = applyFieldMap({ value: { path: 'Raw', transform } }, { Raw: raw }, problems);

      expect(mapped).toEqual({});
      expect(problems).toEqual([{ field: 'value', source: 'Raw', raw, expected }]);
    },
  );

  it('notes nothing for a missing value or one a tidying transform leaves empty', () => {
    const problems: ConversionProblem[] = [];

    applyFieldMap(
      {
        a: { path: 'Missing', transform: 'number' },
        b: { path: 'Blank', transform: ['emptyToMissing', 'number'] },
      },
      { Blank: '  ' },
      problems,
    );

    expect(problems).toEqual([]);
  });
});
