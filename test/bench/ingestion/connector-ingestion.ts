import { join } from 'node:path';
import { createDynamoConnectorState } from '../../../adapters/dynamodb/connector-state/dynamo-connector-state.ts';
import { createEnvironmentSecrets } from '../../../adapters/secrets/environment-secrets.ts';
import { createConnectorSyncService } from '../../../app/connector-sync/connector-sync-service.ts';
import { ConnectorSyncRequestSchema } from '../../../app/connector-sync/sync-request.ts';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import { loadConnectorsConfig } from '../../../connectors/config/load-connectors-config.ts';
import { timeBudgetOf } from '../../../connectors/kit/time-budget.ts';
import { sandboxConnectorEnvironment } from '../../../infra/local/sandbox-connectors.ts';
import { startSandbox } from '../../../sandbox/index.ts';
import type { ConnectorIngestion } from '../report/results.ts';
import { timed } from './measure-ingestion.ts';
import { createMeteredTable } from './metered-table.ts';

export interface ConnectorIngestionOptions {
  readonly storeEndpoint: string;
  /** Connector instance of the sandbox configuration to sync (e.g. `sap-s4`). */
  readonly connector: string;
  /** Sandbox customers; the ERP holds about six orders and as many invoices per customer. */
  readonly sandboxCustomers: number;
  readonly workDir: string;
  /** Raw BatchWriteItem items/s measured earlier in the same run. */
  readonly rawPerSecond: number;
}

/**
 * The whole pipeline from a legacy system: the connector reads the sandbox ERP over its real protocol (OData
 * paging, incremental filters, checkpoints after each committed page) and ingests into the store, exactly as
 * the connector-sync function does; timed from the first request to the last checkpoint.
 */
export const measureConnectorIngestion = async (
  options: ConnectorIngestionOptions,
): Promise<ConnectorIngestion> => {
  const sandbox = await startSandbox({
    landingDir: join(options.workDir, 'landing'),
    scale: options.sandboxCustomers,
    tickIntervalMs: 0,
    clickstreamHistoryDays: 0,
  });
  const table = await createMeteredTable(options.storeEndpoint, 'connector');
  try {
    const environment = sandboxConnectorEnvironment(sandbox.endpoints, sandbox.credentials);
    const service = createConnectorSyncService({
      connectors: loadConnectorsConfig(environment),
      sink: createCustomerStore({ tableName: table.tableName, documentClient: table.documentClient }),
      state: createDynamoConnectorState(table.documentClient, table.tableName),
      secrets: createEnvironmentSecrets(environment),
    });
    let records = 0;
    let failed: readonly string[] = [];
    let streams: ConnectorIngestion['streams'] = [];
    const run = await timed(table.meter, 1, async () => {
      const outcome = await service.sync(ConnectorSyncRequestSchema.parse({ connector: options.connector }), {
        timeBudget: timeBudgetOf(600_000, Date.now),
      });
      records = outcome.streams.reduce((sum, s) => sum + s.recordsRead, 0);
      failed = outcome.failed;
      streams = outcome.streams.map((s) => ({
        stream: s.stream,
        records: s.recordsRead,
        pages: s.pages,
        requests: s.requests,
        retries: s.retries,
        seconds: s.durationMs / 1000,
      }));
    });
    if (failed.length > 0)
      throw new Error(`connector ${options.connector}: streams failed: ${failed.join(', ')}`);
    const recordsPerSecond = records / run.seconds;
    const ratio = recordsPerSecond / options.rawPerSecond;
    return {
      system: options.connector,
      records,
      seconds: run.seconds,
      recordsPerSecond,
      ratio,
      streams,
      check: {
        budget: 'connector → ingest records/s ≥ 0.6 × raw BatchWriteItem items/s',
        measured: `${ratio.toFixed(2)} × (${recordsPerSecond.toFixed(0)} vs ${options.rawPerSecond.toFixed(0)} /s)`,
        pass: ratio >= 0.6,
      },
    };
  } finally {
    table.close();
    await sandbox.stop();
  }
};
