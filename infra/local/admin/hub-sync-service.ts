import { createDocumentClient } from '../../../adapters/dynamodb/client.ts';
import { createDynamoConnectorState } from '../../../adapters/dynamodb/connector-state/dynamo-connector-state.ts';
import { createDynamoKnownRecordKeys } from '../../../adapters/dynamodb/connector-state/dynamo-known-record-keys.ts';
import { createSecretResolver } from '../../../adapters/secrets/create-secret-resolver.ts';
import { leaseSettingsOf } from '../../../app/connector-sync/connector-lease.ts';
import {
  type ConnectorSyncService,
  createConnectorSyncService,
} from '../../../app/connector-sync/connector-sync-service.ts';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import { loadConnectorsConfig } from '../../../connectors/config/load-connectors-config.ts';
import { connectorEnv } from '../../../schemas/config/connector-env.ts';
import type { HubNames } from './protocol.ts';

/**
 * The sync service as the hub's connector function builds it, from the hub's own environment (its
 * `HUB_CONNECTORS`, `HUB_SECRET_*` and store), for syncs and checks the CLI asks for.
 */
export const createHubSyncService = (env: NodeJS.ProcessEnv, tableName: string): ConnectorSyncService => {
  const documentClient = createDocumentClient({ endpoint: env.AWS_ENDPOINT_URL_DYNAMODB });
  const settings = connectorEnv(env);
  return createConnectorSyncService({
    connectors: loadConnectorsConfig(env),
    sink: createCustomerStore({ tableName, documentClient }),
    state: createDynamoConnectorState(documentClient, tableName),
    secrets: createSecretResolver(settings.HUB_SECRETS_SOURCE),
    known: createDynamoKnownRecordKeys(documentClient, tableName),
    lease: leaseSettingsOf(settings.HUB_CONNECTOR_LEASE_SECONDS * 1000),
  });
};

/** The connectors (with their streams), rules and functions a hub runs. */
export const hubNamesOf = (
  service: ConnectorSyncService,
  topology: {
    readonly rules: readonly { name: string }[];
    readonly functions: Readonly<Record<string, unknown>>;
  },
): HubNames => ({
  connectors: Object.fromEntries(
    service.configured().map((name) => {
      const connector = service.connector(name);
      return [
        name,
        { preset: connector.config.preset, streams: connector.streams.map((s) => s.stream.name) },
      ];
    }),
  ),
  rules: topology.rules.map((r) => r.name),
  functions: Object.keys(topology.functions),
});
