import { join } from 'node:path';
import { createDynamoConnectorState } from '../../../adapters/dynamodb/connector-state/dynamo-connector-state.ts';
import { createEnvironmentSecrets } from '../../../adapters/secrets/environment-secrets.ts';
import { createConnectorSyncService } from '../../../app/connector-sync/connector-sync-service.ts';
import { loadConnectorsConfig } from '../../../connectors/config/load-connectors-config.ts';
import type { RecordSink } from '../../../connectors/kit/record-translator.ts';
import { sandboxConnectorEnvironment } from '../../../infra/local/sandbox-connectors.ts';
import { type Sandbox, startSandbox } from '../../../sandbox/index.ts';
import type { IngestRecord } from '../../../schemas/entities/validated-record.ts';
import type { MeteredTable } from '../store/bench-dynamodb.ts';

/**
 * About the sandbox ERP's rows per customer the `sap-s4` preset reads (business partners, orders, billing):
 * measured 9.8 at 45 customers and 10.2 at 89, but 8.86 at 2,000 and 8.95 at 10,000 (the sizes the bench runs);
 * the report states the rows actually served.
 */
export const SAP_ROWS_PER_CUSTOMER = 8.8;

/** A sandbox world big enough for about `rows` SAP S/4 source rows (the scale is a customer count). */
export const startSandboxForRows = (rows: number, workDir: string): Promise<Sandbox> =>
  startSandbox({
    landingDir: join(workDir, 'landing'),
    scale: Math.max(5, Math.ceil(rows / SAP_ROWS_PER_CUSTOMER)),
    tickIntervalMs: 0,
    clickstreamHistoryDays: 0,
  });

/** The rows the sandbox's SAP S/4 serves to the `sap-s4` preset. */
export const sapSourceRows = (sandbox: Sandbox): number => {
  const sap = sandbox.truth().sapS4;
  return sap.A_BusinessPartner.length + sap.A_SalesOrder.length + sap.A_BillingDocument.length;
};

/** A connector sync service as the connector-sync function builds it, writing into a bench table. */
export const sandboxSyncService = (sandbox: Sandbox, table: MeteredTable, sink: RecordSink<IngestRecord>) => {
  const environment = sandboxConnectorEnvironment(sandbox.endpoints, sandbox.credentials);
  return createConnectorSyncService({
    connectors: loadConnectorsConfig(environment),
    sink,
    state: createDynamoConnectorState(table.documentClient, table.tableName),
    secrets: createEnvironmentSecrets(environment),
  });
};
