import { describe, expect, it } from 'vitest';
import type { RecordTranslator } from '../../../connectors/kit/record-translator.ts';
import { syncStream } from '../../../connectors/kit/sync-stream.ts';
import { createMappingTranslator } from '../../../connectors/mapping/mapping-translator.ts';
import { StreamMappingSchema } from '../../../connectors/mapping/stream-mapping.ts';
import { type PresetName, presets } from '../../../connectors/presets/index.ts';
import { ModelConnectorState, ModelSink, ModelSource, type SourceRow } from './sync-stream-model.ts';

/** A translator without a version source, so every record is rejected and the key it is filed under shows. */
const rejectingTranslator = (preset: PresetName, stream: string, primaryKey: string[]) => {
  const mapping = presets[preset].streams[stream]?.mapping;
  if (mapping === undefined) throw new Error(`${preset} has no stream ${stream}`);
  return createMappingTranslator({
    system: preset,
    stream,
    primaryKey,
    mapping: StreamMappingSchema.parse(mapping),
  });
};

describe('preset quarantine keys', () => {
  it.each([
    ['business-central', 'customers', ['id'], { id: '5f0c1d2e-guid', number: 'C00010' }, 'C00010'],
    ['business-central', 'sales-orders', ['id'], { id: '7a1b-guid', number: 'SO-1001' }, 'SO-1001'],
    ['business-central', 'sales-invoices', ['id'], { id: '9c3d-guid', number: 'SI-2001' }, 'SI-2001'],
    ['sap-s4', 'business-partners', ['BusinessPartner'], { BusinessPartner: '1000123' }, '1000123'],
    ['sap-s4', 'sales-orders', ['SalesOrder'], { SalesOrder: '4711' }, '4711'],
    ['sap-s4', 'billing-documents', ['BillingDocument'], { BillingDocument: '90000017' }, '90000017'],
    ['oracle-scm', 'shipments', ['ShipmentId'], { ShipmentId: 300100551, Shipment: 'SH-77' }, 'SH-77'],
    ['windchill', 'parts', ['ID'], { ID: 'OR:wt.part.WTPart:123456', Number: '0000012345' }, '0000012345'],
    ['zendesk', 'tickets', ['id'], { id: 4711 }, '4711'],
  ] as const)(
    '%s %s files a rejected record under its business key',
    (preset, stream, primaryKey, raw, expected) => {
      const translate = rejectingTranslator(preset, stream, [...primaryKey]);

      const translation = translate(raw);

      expect(translation).toMatchObject({ ok: false, key: expected });
    },
  );

  it('every stream of a preset whose technical key is not what people see declares a business key', () => {
    const withoutBusinessKey = Object.entries(presets).flatMap(([name, preset]) =>
      Object.entries(preset.streams)
        .filter(([, stream]) => stream.mapping.businessKey === undefined)
        .map(([stream]) => `${name}/${stream}`),
    );

    // Segment's messageId and the on-hand balance's organisation/item/subinventory key are what people see.
    expect(withoutBusinessKey.sort()).toEqual(['oracle-scm/onhand-inventory', 'segment/events']);
  });

  it('falls back to the technical key when the record lacks its business key', () => {
    const translate = rejectingTranslator('business-central', 'customers', ['id']);

    expect(translate({ id: '5f0c1d2e-guid' })).toMatchObject({ ok: false, key: '5f0c1d2e-guid' });
  });

  it('carries the business key on a record it accepts, for the store to reject it by', () => {
    const translate = createMappingTranslator({
      system: 'business-central',
      stream: 'customers',
      primaryKey: ['id'],
      mapping: StreamMappingSchema.parse(presets['business-central'].streams.customers?.mapping),
      versionOf: () => '2026-03-01T10:00:00.000Z',
    });

    const translation = translate({ id: '5f0c1d2e-guid', number: 'C00010', displayName: 'Adatum' });

    expect(translation).toMatchObject({ ok: true, key: '5f0c1d2e-guid', businessKey: 'C00010' });
  });

  it('files a record the store rejects under its business key too, not its GUID', async () => {
    const source = new ModelSource();
    source.write('guid-1', 'C00010');
    const sink = new ModelSink();
    sink.refuse.add('guid-1');
    const state = new ModelConnectorState();
    // Like a mapping translator for a stream keyed by id with businessKey `number` (here the row's value).
    const translate: RecordTranslator<SourceRow> = (raw) => {
      const row = raw as SourceRow;
      return { ok: true, key: row.key, businessKey: row.value, records: [row] };
    };

    await syncStream({
      connector: 'bc',
      stream: source.stream(10),
      translate,
      sink,
      state,
      clock: { now: () => Date.parse('2026-03-01T10:00:00Z'), sleep: async () => {} },
      full: false,
      timeBudget: { remainingMs: () => 60_000 },
      reserveMs: 100,
      counters: () => ({ requests: 0, retries: 0 }),
    });

    expect([...state.quarantined.keys()]).toEqual(['C00010']);
  });
});
