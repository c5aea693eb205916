import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { physicalTableName, type TableDefinition } from '../../../adapters/dynamodb/table.ts';

export interface HubTableProps {
  readonly definition: TableDefinition;
  /** Physical names are `<prefix>-<logicalName>`, as locally. */
  readonly namePrefix: string;
  /** Deletion protection, and RETAIN for the table and its key. @default false */
  readonly protectData?: boolean;
}

/**
 * The customer-360 table built from the shared table definition: on-demand, streams with both images,
 * point-in-time recovery, TTL, and a customer-managed KMS key with yearly rotation.
 */
export class HubTable extends Construct {
  readonly table: Table;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: HubTableProps) {
    super(scope, id);
    const { definition } = props;
    const removalPolicy = props.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.key = new Key(this, 'Key', {
      description: `hub360 ${definition.logicalName} table`,
      enableKeyRotation: true,
      removalPolicy,
    });
    this.table = new Table(this, 'Table', {
      tableName: physicalTableName(props.namePrefix, definition),
      partitionKey: { name: definition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: definition.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      stream: StreamViewType[definition.streamView],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: definition.ttlAttribute,
      deletionProtection: props.protectData ?? false,
      removalPolicy,
    });
    for (const index of definition.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
