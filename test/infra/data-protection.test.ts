import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { customer360Table } from '../../adapters/dynamodb/table.ts';
import { HubTable } from '../../infra/aws/constructs/hub-table.ts';
import { LandingBucket } from '../../infra/aws/constructs/landing-bucket.ts';

// The data-holding constructs alone (no functions, so nothing to bundle), as a prod stage builds them.
const protectedTemplate = (): Template => {
  const stack = new Stack(
    new App({ context: { '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true } }),
    'Prod',
  );
  new HubTable(stack, 'Store', {
    definition: customer360Table,
    namePrefix: 'hub360-prod',
    protectData: true,
  });
  new LandingBucket(stack, 'Landing', { protectData: true });
  return Template.fromStack(stack);
};

describe('data protection in prod', () => {
  let template: Template;
  beforeAll(() => {
    template = protectedTemplate();
  });

  it('keeps the table, with deletion protection, when the stack goes', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { TableName: 'hub360-prod-customer-360', DeletionProtectionEnabled: true },
    });
  });

  it('keeps the table key, so a retained table stays readable', () => {
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: { EnableKeyRotation: true },
    });
  });

  it('keeps both buckets', () => {
    const buckets = Object.values(template.findResources('AWS::S3::Bucket'));

    expect(buckets).toHaveLength(2);
    expect(buckets.every((bucket) => bucket.DeletionPolicy === 'Retain')).toBe(true);
  });
});
