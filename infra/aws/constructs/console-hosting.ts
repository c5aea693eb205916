import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import {
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { type DataProtectionPolicy, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildConsoleSync } from '../../../console/build.ts';
import { wildcardResourceFinding } from './nag-findings.ts';

export interface ConsoleHostingProps {
  /** The query API's base URL (a token is fine), written into the console's `config.json`. */
  readonly apiUrl: string;
  /** The OIDC issuer the console signs in with: the same one the API's JWT authorizer trusts. */
  readonly oidcIssuer: string;
  /** The OIDC app client (a public client using PKCE); for Cognito, the API's JWT audience. */
  readonly oidcClientId: string;
  /** Scopes the console asks for. @default the API's route scopes and `openid` */
  readonly oidcScopes?: readonly string[];
  /** ERP connector instances a bare number typed into the search is tried against. @default [] */
  readonly erpSystems?: readonly string[];
  /** @default '49' */
  readonly defaultCountryCallingCode?: string;
  /** Folder holding the built console; omitted = built now with esbuild (offline, about a second). */
  readonly assetsDir?: string;
  /** Key and masking policy of the deployment function's log group, like every hub log group. @default AWS-managed, none */
  readonly logProtection?: {
    readonly encryptionKey: IKey;
    readonly dataProtection: DataProtectionPolicy;
  };
}

const DEFAULT_SCOPES = [
  'openid',
  'customers:read',
  'customers:write',
  'business:read',
  'connectors:read',
  'operations:write',
];

/**
 * The web console on AWS: its static files in a private S3 bucket behind CloudFront (origin access
 * control, HTTPS only, security headers), plus a runtime `config.json` naming the API and the OIDC
 * settings, so the same build runs on every stage.
 */
export class ConsoleHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<distribution domain>`: the console's origin, for the API's CORS settings. */
  readonly origin: string;
  /** What the deployed `config.json` holds (tokens resolve at deploy time). */
  readonly runtimeConfig: Readonly<Record<string, unknown>>;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Assets', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Rebuilt from the repository on every deploy: nothing here needs keeping.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      securityHeadersBehavior: {
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentSecurityPolicy: {
          // The page talks to the API and the OIDC provider only.
          contentSecurityPolicy: `default-src 'self'; connect-src 'self' https:; img-src 'self' data:; frame-ancestors 'none'`,
          override: true,
        },
      },
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'hub360 console',
      defaultRootObject: 'index.html',
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
      },
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;

    const assetsDir = props.assetsDir ?? buildIntoTemporaryFolder();
    this.runtimeConfig = {
      apiUrl: props.apiUrl,
      auth: {
        mode: 'oidc',
        issuer: props.oidcIssuer,
        clientId: props.oidcClientId,
        scopes: [...(props.oidcScopes ?? DEFAULT_SCOPES)],
      },
      defaultCountryCallingCode: props.defaultCountryCallingCode ?? '49',
      erpSystems: [...(props.erpSystems ?? [])],
    };
    const logs = new LogGroup(this, 'DeployLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
      ...(props.logProtection
        ? {
            encryptionKey: props.logProtection.encryptionKey,
            dataProtectionPolicy: props.logProtection.dataProtection,
          }
        : {}),
    });
    const role = this.deploymentRole(logs);
    new BucketDeployment(this, 'Deploy', {
      sources: [Source.asset(assetsDir), Source.jsonData('config.json', this.runtimeConfig)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      role,
      logGroup: logs,
      memoryLimit: 256,
    });
    this.acknowledgeFindings(role, logs);
  }

  /** The deployment function's role with inline rights only, so the stack carries no managed policy. */
  private deploymentRole(logs: LogGroup): Role {
    const role = new Role(this, 'DeployRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the hub360 console into its bucket',
    });
    role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${logs.logGroupArn}:*`],
      }),
    );
    return role;
  }

  private acknowledgeFindings(role: Role, logs: LogGroup): void {
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'Static console files rebuilt on every deploy; CloudFront is where requests to them are seen.',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Call-center and office users can be anywhere; the API decides who may read what, by JWT scope.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'Only public static files are served here; the API behind its JWT authorizer is throttled per stage.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'Static files only, the same for every user; API calls are logged by the HTTP API access logs.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default CloudFront certificate (and its TLS policy) is used until a stage names a custom domain.',
      },
    );
    // The grants BucketDeployment adds itself: read the CDK asset bucket, write the console bucket, invalidate.
    const stack = Stack.of(this);
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const reason =
      'BucketDeployment copies the built console from the CDK asset bucket into the console bucket (object-level ' +
      'actions under those two buckets only) and invalidates its CloudFront cache (no resource-level permission exists).';
    Validations.of(role).acknowledge(
      ...[
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Action::s3:List*',
        'Action::s3:DeleteObject*',
        'Action::s3:Abort*',
        'Resource::*',
        `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${account}-${region}/*`,
      ].map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason })),
      { id: wildcardResourceFinding(this.bucket, '/*'), reason },
      {
        id: wildcardResourceFinding(logs, ':*'),
        reason: 'The deployment function writes its own log streams only.',
      },
    );
    const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (handler) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          'The BucketDeployment handler runtime is chosen and kept current by aws-cdk-lib, not by this project.',
      });
    }
  }
}

const buildIntoTemporaryFolder = (): string => {
  const dir = join(mkdtempSync(join(tmpdir(), 'hub360-console-')), 'assets');
  buildConsoleSync(dir);
  return dir;
};
