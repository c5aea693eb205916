import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../../../adapters/dynamodb/client.ts';
import { createDynamoConnectorState } from '../../../adapters/dynamodb/connector-state/dynamo-connector-state.ts';
import { DynamoDbBackend } from '../../../adapters/dynamodb/dynamodb-backend.ts';
import { createStoreItemsReader } from '../../../adapters/dynamodb/scan-store-items.ts';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import {
  describeViolation,
  runStoreCheck,
  type StoreCheckProgress,
} from '../../../app/store-check/run-store-check.ts';
import type { ConnectorStateStore } from '../../../core/ports/connector-state.ts';
import { CHECKED_ATTRIBUTES } from '../../../core/store-check/check-store-invariants.ts';
import type { StoreCheckSummary } from './protocol.ts';

/** What the admin routes read from the hub's store for the CLI. */
export interface HubStoreAccess {
  readonly state: ConnectorStateStore;
  /** Reads the whole store, checks its invariants, repairs when asked; one readable line per violation. */
  storeCheck(
    repair: boolean,
    onProgress?: (progress: StoreCheckProgress) => void,
  ): Promise<StoreCheckSummary>;
}

/**
 * The hub's store as the CLI's read commands need it, opened in the hub process (which already has the SDK
 * loaded and a warm connection), so a `hub360 connectors` or `store check` call loads no AWS SDK of its own.
 */
export const createHubStoreAccess = (store: {
  readonly tableName: string;
  /** Endpoint, region and credentials; @default the environment's (the hub's own AWS_* variables) */
  readonly client?: DynamoDBClientConfig;
}): HubStoreAccess => {
  const client = createDocumentClient(store.client ?? {});
  return {
    state: createDynamoConnectorState(client, store.tableName),
    storeCheck: async (repair, onProgress) => {
      const report = await runStoreCheck(
        {
          // Only the attributes the check reads: a record's data is most of its size and never needed.
          reader: createStoreItemsReader(client, store.tableName, { attributes: CHECKED_ATTRIBUTES }),
          backend: new DynamoDbBackend(client, store.tableName),
          identity: createCustomerStore({ tableName: store.tableName, documentClient: client }),
        },
        { repair, ...(onProgress ? { onProgress } : {}) },
      );
      const repaired = new Set(report.repaired);
      return {
        counts: report.counts,
        violations: report.violations.map((v) => ({
          description: describeViolation(v),
          repaired: repaired.has(v),
        })),
      };
    },
  };
};
