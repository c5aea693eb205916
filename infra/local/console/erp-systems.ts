import { loadConnectorsConfig } from '../../../connectors/config/load-connectors-config.ts';

const ERP_PRESETS = new Set(['sap-s4', 'business-central']);

/**
 * The ERP connector instances of the hub's configuration: ERP numbers are scoped by them
 * (`erp:<instance>:<number>`), so the console's search tries a bare number against each.
 */
export const erpSystemsOf = (environment: Readonly<Record<string, string>>): string[] => {
  const connectors = loadConnectorsConfig(environment);
  return Object.entries(connectors)
    .filter(([, config]) => ERP_PRESETS.has(config.preset))
    .map(([name]) => name);
};
