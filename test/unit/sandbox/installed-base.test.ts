import { describe, expect, it } from 'vitest';
import { createMappingTranslator } from '../../../connectors/mapping/mapping-translator.ts';
import { StreamMappingSchema } from '../../../connectors/mapping/stream-mapping.ts';
import { sapS4Preset } from '../../../connectors/presets/sap-s4.ts';
import { toV2Entity } from '../../../sandbox/odata/v2-format.ts';
import { SandboxWorld } from '../../../sandbox/world/world.ts';
import { InstalledProductDataSchema } from '../../../schemas/entities/installed-product.ts';

const NOW = new Date('2026-03-02T10:00:00Z');
const DAY_MS = 86_400_000;
const daysFromNow = (date: Date) => Math.floor((date.getTime() - NOW.getTime()) / DAY_MS);

describe('sandbox installed base (SAP API_EQUIPMENT)', () => {
  it('holds units of delivered SAP orders whose coverage ended long ago, ends within weeks, or runs on', () => {
    const world = new SandboxWorld(11, 'demo', () => NOW);

    const units = world.installedBase.all();
    const lastCoverage = units.map((u) => daysFromNow(u.contract?.end ?? u.warrantyEnd));

    expect(units.length).toBeGreaterThan(100);
    expect(world.tables.sapS4.Equipment.size).toBe(units.length);
    expect(lastCoverage.filter((d) => d < -90).length).toBeGreaterThan(0);
    expect(lastCoverage.filter((d) => d >= 0 && d <= 30).length).toBeGreaterThan(0);
    expect(lastCoverage.filter((d) => d > 30).length).toBeGreaterThan(0);
  });

  it('gives, when asked per tick, units whose service contract ends within 5 to 25 days, stamped now', () => {
    const world = new SandboxWorld(11, 'small', () => NOW);
    world.endingContractsPerTick = 2;

    world.tick();

    const stampedNow = world.installedBase.all().filter((u) => u.changedAt.getTime() === NOW.getTime());
    const ending = stampedNow.filter((u) => u.contract !== undefined);
    expect(ending.length).toBe(2);
    for (const unit of ending) {
      expect(daysFromNow(unit.contract?.end ?? NOW)).toBeGreaterThanOrEqual(4);
      expect(daysFromNow(unit.contract?.end ?? NOW)).toBeLessThanOrEqual(25);
    }
  });

  it('maps an equipment as SAP serves it to an installed product of the sold-to party', () => {
    const world = new SandboxWorld(11, 'small', () => NOW);
    world.endingContractsPerTick = 1;
    world.tick();
    const unit = world.installedBase.all().find((u) => u.contract !== undefined);
    const row = unit ? world.tables.sapS4.Equipment.get(unit.equipment) : undefined;
    const preset = sapS4Preset.streams['installed-base'];
    const translate = createMappingTranslator({
      system: 'sap-s4',
      stream: 'installed-base',
      primaryKey: ['Equipment'],
      mapping: StreamMappingSchema.parse(preset?.mapping),
      versionOf: () => NOW.toISOString(),
    });
    const wire = row
      ? toV2Entity(row, world.tables.sapS4.Equipment.meta, {
          serviceRoot: 'http://sap/API_EQUIPMENT',
          serviceName: 'API_EQUIPMENT',
          expand: [['to_Partner'], ['to_Warranty']],
        })
      : {};

    const result = translate(wire);

    const record = result.ok ? result.records[0] : undefined;
    expect(record).toMatchObject({
      entity: 'installedProduct',
      source: { system: 'sap-s4', stream: 'installed-base', key: unit?.equipment },
      identifiers: [{ type: 'erp', value: `sap-s4:${unit?.soldToParty}` }],
    });
    expect(InstalledProductDataSchema.parse(record?.data)).toEqual({
      partNumber: unit?.material,
      serialNumber: unit?.serialNumber,
      quantity: 1,
      purchasedOn: unit?.deliveredAt.toISOString().slice(0, 10),
      warrantyEnd: unit?.warrantyEnd.toISOString().slice(0, 10),
      contractNumber: unit?.contract?.number,
      contractEnd: unit?.contract?.end.toISOString().slice(0, 10),
      location: '1010',
    });
  });
});
