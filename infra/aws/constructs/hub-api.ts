import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { type DataProtectionPolicy, LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { routeScopes } from '../../topology/route-scopes.ts';
import type { RouteSpec } from '../../topology/schema.ts';
import { constructId } from './construct-id.ts';

export interface HubApiProps {
  readonly routes: readonly RouteSpec[];
  readonly functionNamed: (name: string) => IFunction;
  /** OIDC issuer URL of the access tokens. */
  readonly jwtIssuer: string;
  readonly jwtAudience: readonly string[];
  /** Browser origins allowed to call the API; none means no CORS preflight configuration. @default [] */
  readonly corsOrigins?: readonly string[];
  /** Steady-state requests per second across the stage. @default 50 */
  readonly rateLimit?: number;
  /** @default 100 */
  readonly burstLimit?: number;
  /** @default RetentionDays.ONE_MONTH */
  readonly accessLogRetention?: RetentionDays;
  /** Put before every route scope, as the identity provider issues them (Cognito: `hub360/`). @default '' */
  readonly scopePrefix?: string;
  /** Key, masking policy and removal policy of the access log group. @default AWS-managed, none, DESTROY */
  readonly accessLogProtection?: {
    readonly encryptionKey: IKey;
    readonly dataProtection: DataProtectionPolicy;
    readonly removalPolicy: RemovalPolicy;
  };
}

/** Whether a route is meant to be public: the topology gives it no scopes (OpenAPI document, health). */
export const isPublicRoute = (route: RouteSpec): boolean => route.scopes.length === 0;

/**
 * The query API: an HTTP API whose routes come from the topology, each guarded by the JWT authorizer
 * with the route's scopes (public only where the topology lists none), stage throttling and JSON access logs.
 */
export class HubApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: HubApiProps) {
    super(scope, id);
    const corsOrigins = props.corsOrigins ?? [];
    this.api = new HttpApi(this, 'Api', {
      description: 'hub360 customer-360 query API',
      createDefaultStage: false,
      corsPreflight:
        corsOrigins.length > 0
          ? {
              allowOrigins: [...corsOrigins],
              allowMethods: [
                CorsHttpMethod.GET,
                CorsHttpMethod.POST,
                CorsHttpMethod.PUT,
                CorsHttpMethod.PATCH,
                CorsHttpMethod.DELETE,
              ],
              allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
              maxAge: Duration.hours(1),
            }
          : undefined,
    });
    const protection = props.accessLogProtection;
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? 30,
      removalPolicy: protection?.removalPolicy ?? RemovalPolicy.DESTROY,
      ...(protection
        ? { encryptionKey: protection.encryptionKey, dataProtectionPolicy: protection.dataProtection }
        : {}),
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 50, burstLimit: props.burstLimit ?? 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            principal: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    const authorizer = new HttpJwtAuthorizer('JwtAuthorizer', props.jwtIssuer, {
      jwtAudience: [...props.jwtAudience],
    });
    const integrations = new Map<string, HttpLambdaIntegration>();
    const integrationFor = (name: string): HttpLambdaIntegration => {
      const known = integrations.get(name);
      if (known) return known;
      const integration = new HttpLambdaIntegration(
        `${constructId(name)}Integration`,
        props.functionNamed(name),
      );
      integrations.set(name, integration);
      return integration;
    };
    for (const route of props.routes) {
      const [created] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrationFor(route.function),
        ...(isPublicRoute(route)
          ? { authorizer: new HttpNoneAuthorizer() }
          : { authorizer, authorizationScopes: routeScopes(route, props.scopePrefix) }),
      });
      if (created && isPublicRoute(route)) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by design: the topology gives it no scopes (API description or health check, no customer data).`,
        });
      }
    }
  }

  /** The invoke URL of the default stage. */
  get url(): string {
    return this.stage.url;
  }
}
