import { describe, expect, it } from 'vitest';
import { loadConnectorsConfig } from '../../../connectors/config/load-connectors-config.ts';

const sapWith = (extra: Record<string, unknown>) => ({
  HUB_CONNECTORS: JSON.stringify({
    erp: { preset: 'sap-s4', baseUrl: 'https://erp.example.com/sap', auth: { kind: 'none' }, ...extra },
  }),
});

describe('connector setting readAheadPages', () => {
  it('defaults to one page read ahead and takes 0 (page after page) up to 8', () => {
    expect(loadConnectorsConfig(sapWith({})).erp?.readAheadPages).toBe(1);
    expect(loadConnectorsConfig(sapWith({ readAheadPages: 0 })).erp?.readAheadPages).toBe(0);
    expect(loadConnectorsConfig(sapWith({ readAheadPages: 8 })).erp?.readAheadPages).toBe(8);
  });

  it('refuses more than 8 pages, a negative or a fractional count, naming the field', () => {
    for (const readAheadPages of [9, -1, 1.5]) {
      expect(() => loadConnectorsConfig(sapWith({ readAheadPages }))).toThrow(
        /HUB_CONNECTORS\.erp\.readAheadPages/,
      );
    }
  });
});
