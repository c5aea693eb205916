import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConsoleHosting } from '../../infra/aws/constructs/console-hosting.ts';

describe('ConsoleHosting', () => {
  let stack: Stack;
  let template: Template;
  let hosting: ConsoleHosting;

  beforeAll(() => {
    // Prepared assets keep this test about the construct; the real build runs in the hub stack tests.
    const assets = mkdtempSync(join(tmpdir(), 'console-assets-'));
    writeFileSync(join(assets, 'index.html'), '<!doctype html><title>hub360</title>');
    stack = new Stack(new App(), 'ConsoleTest', { env: { account: '111111111111', region: 'eu-central-1' } });
    hosting = new ConsoleHosting(stack, 'Console', {
      apiUrl: 'https://api.example.com',
      oidcIssuer: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_abc',
      oidcClientId: 'client-123',
      erpSystems: ['sap-s4'],
      assetsDir: assets,
    });
    template = Template.fromStack(stack);
  });

  it('keeps the assets in a private, encrypted, TLS-only bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.objectLike({}),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('serves them through CloudFront with origin access control, HTTPS only, index.html as root', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({ FrameOptions: { FrameOption: 'DENY', Override: true } }),
      }),
    });
  });

  it('deploys the build and a config.json naming the API and the OIDC settings, then invalidates it', () => {
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment'));

    expect(deployments).toHaveLength(1);
    expect(deployments[0]?.Properties?.SourceObjectKeys).toHaveLength(2);
    expect(deployments[0]?.Properties?.DistributionPaths).toEqual(['/index.html', '/config.json']);
    expect(hosting.runtimeConfig).toEqual({
      apiUrl: 'https://api.example.com',
      auth: {
        mode: 'oidc',
        issuer: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_abc',
        clientId: 'client-123',
        scopes: [
          'openid',
          'customers:read',
          'customers:write',
          'business:read',
          'connectors:read',
          'operations:write',
        ],
      },
      defaultCountryCallingCode: '49',
      erpSystems: ['sap-s4'],
    });
  });

  it('gives the deployment function a role without managed policies', () => {
    template.resourcePropertiesCountIs('AWS::IAM::Role', { ManagedPolicyArns: Match.anyValue() }, 0);
  });

  it('has no unacknowledged cdk-nag AwsSolutions finding', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    const findings = report.violations.map(
      (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );

    expect(findings).toEqual([]);
  });
});
