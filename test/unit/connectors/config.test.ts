import { describe, expect, it } from 'vitest';
import { loadConnectorsConfig } from '../../../connectors/config/load-connectors-config.ts';
import { resolveStreams } from '../../../connectors/config/resolve-streams.ts';
import { presets } from '../../../connectors/presets/index.ts';
import { ConfigError } from '../../../schemas/config/parse-config.ts';

describe('connector configuration', () => {
  it('names the offending field of HUB_CONNECTORS', () => {
    const env = {
      HUB_CONNECTORS: JSON.stringify({
        'sap-s4': { preset: 'sap-s4', baseUrl: 'not a url', auth: { kind: 'none' } },
      }),
    };

    expect(() => loadConnectorsConfig(env)).toThrow(/HUB_CONNECTORS\.sap-s4\.baseUrl/);
  });

  it('merges overrides over a preset and reports unknown streams and bad mappings with their path', () => {
    const resolved = resolveStreams('sap-s4', presets['sap-s4'], {
      'sales-orders': {
        enabled: true,
        source: { pageSize: 50 },
        mapping: { data: { costAmount: { value: 0 } } },
      },
      'billing-documents': { enabled: false, source: {}, mapping: {} },
    });

    expect([...resolved.keys()]).toEqual(['business-partners', 'sales-orders', 'installed-base']);
    expect(resolved.get('sales-orders')?.source).toMatchObject({
      pageSize: 50,
      cursorField: 'LastChangeDateTime',
    });
    expect(resolved.get('sales-orders')?.mapping.data.costAmount).toEqual({ value: 0 });
    expect(() =>
      resolveStreams('sap-s4', presets['sap-s4'], { quotes: { enabled: true, source: {}, mapping: {} } }),
    ).toThrow(ConfigError);
  });
});
