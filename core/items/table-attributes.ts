/**
 * The customer-360 table's key and index attribute names, defined once. Pure constants, so the domain
 * can build items with them; `adapters/dynamodb/table.ts` builds the table definition (CDK, DynamoDB
 * Local, queries) from the same values.
 */
export const tableKeys = { partitionKey: 'pk', sortKey: 'sk' } as const;

/** gsi1: segment members, part demand, and connector run statuses and quarantine across connectors. */
export const byPartitionIndex = { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' } as const;

/** gsi2: a customer's timeline, newest first. */
export const timelineIndex = { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' } as const;

/** The attribute DynamoDB's TTL reads (epoch seconds). */
export const ttlAttribute = 'expiresAt';
