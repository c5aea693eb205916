import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface LandingBucketProps {
  /** Keep the bucket (and its access logs) when the stack is deleted. @default false */
  readonly protectData?: boolean;
  /** Days before server access logs expire. @default 90 */
  readonly accessLogDays?: number;
  /**
   * Days a landed clickstream file is kept (the connector reads it within minutes; the rest is replay room).
   * Files hold user ids and traits, so expiry is how erasure reaches them (docs/privacy.md). @default 30
   */
  readonly retentionDays?: number;
}

/**
 * Where the web clickstream lands (the Segment S3 destination writes here, the clickstream connector reads):
 * encrypted, private, TLS-only, versioned, with server access logs in a bucket of their own.
 */
export class LandingBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: LandingBucketProps = {}) {
    super(scope, id);
    const removalPolicy = props.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      // S3 server access logging can only deliver to SSE-S3 buckets.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogDays ?? 90) }],
      removalPolicy,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "This bucket receives the landing bucket's server access logs; logging it too would only log the log delivery.",
    });
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'landing/',
      // Versioning keeps deleted and overwritten files as noncurrent versions; they go a day later, so an
      // expired or erased file does not live on as an old version.
      lifecycleRules: [
        {
          id: 'expire-landed-clickstream',
          expiration: Duration.days(props.retentionDays ?? 30),
          noncurrentVersionExpiration: Duration.days(1),
          expiredObjectDeleteMarker: false,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy,
    });
  }
}
