import { CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The id cdk-nag gives an IAM5 wildcard finding on `<resource ARN><suffix>`, e.g.
 * `AwsSolutions-IAM5[Resource::<StoreTable0CCFA19B.Arn>/index/*]`, so an acknowledgement names exactly
 * that finding (and keeps naming it if construct paths change) instead of every IAM5 finding.
 */
export const wildcardResourceFinding = (resource: IConstruct, suffix: string): string => {
  const cfn = resource.node.defaultChild;
  if (!(cfn instanceof CfnElement)) throw new Error(`${resource.node.path} has no CloudFormation resource`);
  return `AwsSolutions-IAM5[Resource::<${Stack.of(cfn).getLogicalId(cfn)}.Arn>${suffix}]`;
};
