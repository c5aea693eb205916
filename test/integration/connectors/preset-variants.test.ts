import { afterEach, describe, expect, it } from 'vitest';
import { recordKeyOf } from '../../../connectors/kit/incremental/timestamp-stream.ts';
import { unlimitedTimeBudget } from '../../../connectors/kit/time-budget.ts';
import { storeRecordKey } from './expectations.ts';
import { type Harness, type HarnessOptions, startHarness } from './harness.ts';

const PAGE = 8;

/**
 * Issue 14: each preset pointed at a variant of its system (other paths, flat shipment lines, alternate-link
 * successors) through configuration alone, synced completely into DynamoDB Local.
 */
describe('presets configured for variants of their systems', () => {
  let h: Harness | undefined;
  const start = async (options: HarnessOptions) => {
    h = await startHarness(options);
    return h;
  };
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });
  const liveKeys = async (harness: Harness, entity: string, connector: string, stream: string) => {
    const prefix = storeRecordKey(entity, connector, stream, '');
    return [...(await harness.storedRecords())]
      .filter(([key, v]) => key.startsWith(prefix) && !v.deleted)
      .map(([key]) => key.slice(prefix.length));
  };
  /** The data of the newest version of each record sent to the store, by source key. */
  const sentData = (harness: Harness, entity: string, connector: string, stream: string) => {
    const prefix = storeRecordKey(entity, connector, stream, '');
    const out = new Map<string, Record<string, unknown>>();
    for (const r of harness.recorder.all()) {
      if (r.recordKey.startsWith(prefix) && typeof r.data === 'object' && r.data !== null)
        out.set(r.recordKey.slice(prefix.length), r.data as Record<string, unknown>);
    }
    return out;
  };

  it('Oracle SCM with on-hand balances at /inventoryOnhandBalances and shipments as one row per line', async () => {
    const harness = await start({
      only: 'oracle-scm',
      sandbox: {
        scale: 20,
        pageSizes: { oracleScm: PAGE },
        variants: { oracleOnhandResource: 'inventoryOnhandBalances', oracleShipments: 'flatLines' },
      },
      streamSource: { paging: { kind: 'offset', limit: PAGE } },
      configure: {
        'oracle-scm': {
          streams: {
            shipments: {
              source: {
                path: '/shipmentLines',
                keyFields: ['ShipmentLineId'],
                params: { orderBy: 'LastUpdateDate:asc,ShipmentLineId:asc', expand: null },
                groupQuery: { param: 'q', clause: 'ShipmentId = {value}', separator: ' or ' },
              },
              mapping: { group: { by: 'ShipmentId', into: 'shipmentLines' } },
            },
            'onhand-inventory': { source: { path: '/inventoryOnhandBalances' } },
          },
        },
      },
    });
    await harness.sandbox.tick();

    const result = await harness.service.sync(
      { connector: 'oracle-scm', full: false },
      { timeBudget: unlimitedTimeBudget },
    );
    const truth = harness.sandbox.truth();
    const shipments = await liveKeys(harness, 'shipment', 'oracle-scm', 'shipments');
    const onhand = await liveKeys(harness, 'inventory', 'oracle-scm', 'onhand-inventory');
    const sent = sentData(harness, 'shipment', 'oracle-scm', 'shipments');

    expect(result.failed).toEqual([]);
    expect(result.streams.reduce((n, s) => n + s.recordsQuarantined, 0)).toBe(0);
    console.info(
      `oracle-scm variant: shipments ${shipments.length} of ${truth.oracleScm.shipments.length}, ` +
        `on-hand ${onhand.length} of ${truth.oracleScm.onhandQuantityDetails.length}`,
    );
    expect(new Set(shipments)).toEqual(new Set(truth.oracleScm.shipments.map((s) => String(s.ShipmentId))));
    expect(new Set(onhand)).toEqual(
      new Set(
        truth.oracleScm.onhandQuantityDetails.flatMap(
          (r) => recordKeyOf(r, ['OrganizationCode', 'ItemNumber', 'SubinventoryCode']) ?? [],
        ),
      ),
    );
    for (const shipment of truth.oracleScm.shipments) {
      const lines = Array.isArray(shipment.shipmentLines) ? shipment.shipmentLines : [];
      const expected = lines.map((l) => {
        const line = l as Record<string, unknown>;
        return { partNumber: line.ItemNumber, quantity: line.RequestedQuantity };
      });
      expect(sent.get(String(shipment.ShipmentId))?.lines, `shipment ${shipment.ShipmentId}`).toEqual(
        expected,
      );
    }
  });

  it('Windchill recording successors as Alternates (PartAlternateLink, ReplacementType supersede)', async () => {
    const harness = await start({
      only: 'windchill',
      sandbox: { scale: 20, pageSizes: { windchill: PAGE }, variants: { windchillSuccessors: 'Alternates' } },
      configure: {
        windchill: {
          streams: { parts: { source: { expand: ['Alternates($expand=AlternatePart)', 'Accessories'] } } },
        },
      },
    });

    const result = await harness.service.sync(
      { connector: 'windchill', full: false },
      { timeBudget: unlimitedTimeBudget },
    );
    const truth = harness.sandbox.truth();
    const parts = await liveKeys(harness, 'product', 'windchill', 'parts');
    const sent = sentData(harness, 'product', 'windchill', 'parts');
    const successorOf = (part: Record<string, unknown>) => {
      const links = Array.isArray(part.Alternates) ? (part.Alternates as Record<string, unknown>[]) : [];
      const supersede = links.find((l) => (l.ReplacementType as { Value?: string }).Value === 'supersede');
      return (supersede?.AlternatePart as { Number?: string } | undefined)?.Number;
    };

    expect(result.failed).toEqual([]);
    expect(new Set(parts)).toEqual(new Set(truth.windchill.Parts.map((p) => String(p.ID))));
    let withSuccessor = 0;
    for (const part of truth.windchill.Parts) {
      const expected = successorOf(part);
      if (expected) withSuccessor += 1;
      expect(sent.get(String(part.ID))?.successorPartNumber, String(part.Number)).toBe(expected);
    }
    console.info(
      `windchill variant: ${parts.length} of ${truth.windchill.Parts.length} parts, ${withSuccessor} with a successor`,
    );
    expect(withSuccessor).toBeGreaterThan(0);
  });
});
