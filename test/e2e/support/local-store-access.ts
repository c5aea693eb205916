/** Direct access to a running local hub's store for tests that inspect it after a crash (the CLI asks the hub instead). */
import { createDocumentClient } from '../../../adapters/dynamodb/client.ts';
import { createDynamoConnectorState } from '../../../adapters/dynamodb/connector-state/dynamo-connector-state.ts';
import type { ConnectorStateStore } from '../../../core/ports/connector-state.ts';

/** The parts of a running local hub the connector commands need (see `infra/local/runtime-info.ts`). */
export interface LocalHub {
  readonly storeEndpoint: string;
  readonly tableName: string;
  readonly region?: string;
  readonly functionEnvironment: Readonly<Record<string, string>>;
}

// DynamoDB Local accepts any credentials; these match the local runtime's own.
const localCredentials = { accessKeyId: 'hub360local', secretAccessKey: 'hub360local' };

/** A DynamoDB document client on the local hub's store. */
export const documentClientFor = (hub: LocalHub) =>
  createDocumentClient({
    endpoint: hub.storeEndpoint,
    region: hub.region ?? 'eu-central-1',
    credentials: localCredentials,
  });

/** The connector state of a running local hub. */
export const openLocalConnectorState = (hub: LocalHub): ConnectorStateStore =>
  createDynamoConnectorState(documentClientFor(hub), hub.tableName);
