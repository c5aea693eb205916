import { describe, expect, it } from 'vitest';
import { loadConnectorsConfig } from '../../../connectors/config/load-connectors-config.ts';
import { resolveStreams } from '../../../connectors/config/resolve-streams.ts';
import { presets } from '../../../connectors/presets/index.ts';
import { ConfigError } from '../../../schemas/config/parse-config.ts';

const configError = (run: () => unknown): ConfigError => {
  try {
    run();
  } catch (err: unknown) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
};

describe('connector configuration for real systems', () => {
  it('names field, expected and given value of every problem in HUB_CONNECTORS', () => {
    const env = {
      HUB_CONNECTORS: JSON.stringify({
        'oracle-scm': {
          preset: 'oracle-scm',
          baseUrl: 'not a url',
          auth: { kind: 'basic', secret: 'hub360/oracle' },
          timeoutMs: 50,
        },
      }),
    };

    const error = configError(() => loadConnectorsConfig(env));

    expect(error.problems).toContainEqual(
      expect.stringMatching(/^HUB_CONNECTORS\.oracle-scm\.baseUrl: .*\(got "not a url"\)$/),
    );
    expect(error.problems).toContainEqual(
      expect.stringMatching(
        /^HUB_CONNECTORS\.oracle-scm\.timeoutMs: Too small: expected number to be >=100 \(got 50\)$/,
      ),
    );
  });

  it('names a stream setting override that does not fit its protocol, with the value', () => {
    const error = configError(() =>
      resolveStreams('oracle-scm', presets['oracle-scm'], {
        'onhand-inventory': { enabled: true, source: { path: 'inventoryOnhandBalances' }, mapping: {} },
      }),
    );

    expect(error.problems).toEqual([
      'oracle-scm.streams.onhand-inventory.source.path: must start with / (got "inventoryOnhandBalances")',
    ]);
  });

  it('overrides paths, keys and grouping and removes a preset parameter with null', () => {
    const streams = resolveStreams('oracle-scm', presets['oracle-scm'], {
      shipments: {
        enabled: true,
        source: {
          path: '/shipmentLines',
          keyFields: ['ShipmentLineId'],
          params: { orderBy: 'LastUpdateDate:asc,ShipmentLineId:asc', expand: null },
          groupQuery: { param: 'q', clause: 'ShipmentId = {value}' },
        },
        mapping: { group: { by: 'ShipmentId', into: 'shipmentLines' } },
      },
    });
    const shipments = streams.get('shipments');

    expect(shipments?.protocol).toBe('rest');
    if (shipments?.protocol !== 'rest') return;
    expect(shipments.source.path).toBe('/shipmentLines');
    expect(shipments.source.params).toEqual({
      orderBy: 'LastUpdateDate:asc,ShipmentLineId:asc',
      onlyData: 'true',
    });
    expect(shipments.source.groupQuery).toEqual({
      param: 'q',
      clause: 'ShipmentId = {value}',
      separator: ' or ',
      maxPerRequest: 20,
    });
    expect(shipments.mapping.group).toEqual({ by: 'ShipmentId', into: 'shipmentLines' });
  });
});
