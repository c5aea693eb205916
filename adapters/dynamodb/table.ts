import {
  byPartitionIndex,
  tableKeys,
  timelineIndex,
  ttlAttribute,
} from '../../core/items/table-attributes.ts';

/**
 * The customer-360 table, defined once (its attribute names come from core/items/table-attributes.ts). The CDK stack builds the DynamoDB table from it and the local
 * runtime creates the same table in DynamoDB Local, so keys, indexes, TTL and the stream never drift.
 * The access patterns behind these keys are documented in docs/table-design.md.
 */
export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export interface TableDefinition {
  /** Logical name; the physical name is `<prefix>-<logicalName>` on both runtimes. */
  readonly logicalName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly globalIndexes: readonly IndexDefinition[];
  readonly ttlAttribute: string;
  readonly streamView: 'NEW_AND_OLD_IMAGES';
}

export const customer360Table: TableDefinition = {
  logicalName: 'customer-360',
  partitionKey: tableKeys.partitionKey,
  sortKey: tableKeys.sortKey,
  globalIndexes: [byPartitionIndex, timelineIndex],
  ttlAttribute,
  streamView: 'NEW_AND_OLD_IMAGES',
};

/** The index definition by name; a typo fails at load time, not as a DynamoDB ValidationException. */
export const indexNamed = (name: string, table: TableDefinition = customer360Table): IndexDefinition => {
  const index = table.globalIndexes.find((candidate) => candidate.name === name);
  if (!index) throw new Error(`table ${table.logicalName} has no index named "${name}"`);
  return index;
};

/** Physical table name for a deployment prefix (`hub360-dev`, `hub360-local`...). */
export const physicalTableName = (prefix: string, table: TableDefinition = customer360Table): string =>
  `${prefix}-${table.logicalName}`;
