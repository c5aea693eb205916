import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IdentityConfigInput } from '../../core/identity/identity-config.ts';

/** Options of {@link createCustomerStore}. */
export interface CustomerStoreOptions {
  /** Physical name of the customer-360 table. */
  readonly tableName: string;
  /** @default a DocumentClient over a default DynamoDBClient (region and endpoint from the environment) */
  readonly documentClient?: DynamoDBDocumentClient;
  /** Unique identifier types and source priorities. @default unique: erp, webUser; no priorities */
  readonly identity?: IdentityConfigInput;
  /**
   * Salt for the hashes that key identifiers and the suppression list. Must stay the same for the life
   * of the table. @default the table name
   */
  readonly identifierSalt?: string;
  /** Clock for ledger and audit timestamps. @default () => new Date() */
  readonly now?: () => Date;
  /** Attempts for throttled or conflicting writes before giving up. @default 8 */
  readonly maxAttempts?: number;
  /** First backoff delay in ms (doubles, with jitter). @default 25 */
  readonly baseDelayMs?: number;
  /**
   * Settled records of known customers go in with plain conditional writes instead of transactions (about a
   * quarter less WCU; docs/table-design.md, "Writes"). `false` sends them through transactions as well, at
   * twice the write price per item. @default true
   */
  readonly plainWrites?: boolean;
}
