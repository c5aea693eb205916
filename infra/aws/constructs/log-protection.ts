import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { DataIdentifier, DataProtectionPolicy } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface LogProtectionProps {
  /** Keep the key (and with it the readability of retained logs) when the stack goes. @default false */
  readonly protectData?: boolean;
}

/**
 * What every hub log group shares: a customer-managed key (so logs are readable only while the key is, and a
 * key deletion is a last-resort erasure of every log) and a data-protection policy masking the personal data
 * that can end up in logs: e-mail addresses, phone numbers (the hub's markets) and IP addresses.
 */
export class LogProtection extends Construct {
  readonly key: Key;
  readonly dataProtection: DataProtectionPolicy;
  readonly removalPolicy: RemovalPolicy;

  constructor(scope: Construct, id: string, props: LogProtectionProps = {}) {
    super(scope, id);
    this.removalPolicy = props.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.key = new Key(this, 'Key', {
      description: 'hub360 log groups',
      enableKeyRotation: true,
      removalPolicy: this.removalPolicy,
    });
    // CloudWatch Logs encrypts with the key on behalf of this account's log groups only.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
          },
        },
      }),
    );
    this.dataProtection = new DataProtectionPolicy({
      name: 'hub360-personal-data',
      description: 'Masks e-mail addresses, phone numbers and IP addresses in hub360 logs',
      identifiers: [
        DataIdentifier.EMAILADDRESS,
        DataIdentifier.IPADDRESS,
        DataIdentifier.PHONENUMBER_US,
        DataIdentifier.PHONENUMBER_GB,
        DataIdentifier.PHONENUMBER_DE,
        DataIdentifier.PHONENUMBER_FR,
        DataIdentifier.PHONENUMBER_ES,
        DataIdentifier.PHONENUMBER_IT,
      ],
    });
  }
}
