import { Validations } from 'aws-cdk-lib';
import { ArnPrincipal, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { z } from 'zod';
import type { LandingWriterSchema } from '../config/stage-config.ts';
import { wildcardResourceFinding } from './nag-findings.ts';

export interface LandingWriterProps {
  readonly bucket: IBucket;
  readonly writer: z.output<typeof LandingWriterSchema>;
}

/**
 * The role a Segment S3 destination assumes to deliver clickstream files: trusted only for the configured
 * principal presenting the configured external id (the confused-deputy guard Segment documents), allowed
 * only to put objects under the landing prefix: no reads, no deletes, no other keys.
 */
export class LandingWriter extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: LandingWriterProps) {
    super(scope, id);
    const { writer } = props;
    this.role = new Role(this, 'Role', {
      description: `Segment S3 destination writing ${writer.prefix} of the hub360 landing bucket`,
      assumedBy: new ArnPrincipal(writer.principalArn),
      externalIds: [writer.externalId],
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [props.bucket.arnForObjects(`${writer.prefix}*`)],
      }),
    );
    Validations.of(this.role).acknowledge({
      id: wildcardResourceFinding(props.bucket, `/${writer.prefix}*`),
      reason: `Segment names its files itself (date-partitioned keys); the role may only put objects under ${writer.prefix} of this one bucket.`,
    });
  }
}
