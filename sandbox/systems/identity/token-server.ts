import { parseBasicAuthorization, type TokenIssuer } from '../../http/auth.ts';
import type { RequestLog } from '../../http/request-log.ts';
import {
  type RunningServer,
  type SystemRequest,
  type SystemResponse,
  startSystemServer,
} from '../../http/system-server.ts';

/** Options for the OAuth2 token endpoint. */
export interface TokenServerOptions {
  readonly host: string;
  readonly port: number;
  readonly tenantId: string;
  readonly issuer: TokenIssuer;
  readonly log: RequestLog;
}

/** `/<tenant>/oauth2/v2.0/token`, the Microsoft identity platform's token path. */
export const tokenPath = (tenantId: string): string => `/${tenantId}/oauth2/v2.0/token`;

const oauthError = (status: number, error: string, description: string): SystemResponse => ({
  status,
  json: { error, error_description: description },
});

const handleTokenRequest = (options: TokenServerOptions, request: SystemRequest): SystemResponse => {
  if (request.url.pathname !== tokenPath(options.tenantId)) {
    return oauthError(404, 'invalid_request', `No token endpoint at ${request.url.pathname}`);
  }
  if (request.method !== 'POST')
    return oauthError(405, 'invalid_request', 'The token endpoint only accepts POST');
  const form = new URLSearchParams(request.body);
  if (form.get('grant_type') !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', 'Only the client_credentials grant is supported');
  }
  // Client authentication by form fields (client_secret_post) or HTTP basic (client_secret_basic).
  const basic = parseBasicAuthorization(request.headers.authorization);
  const clientId = basic?.user ?? form.get('client_id') ?? '';
  const clientSecret = basic?.password ?? form.get('client_secret') ?? '';
  const result = options.issuer.issue(
    decodeURIComponent(clientId),
    decodeURIComponent(clientSecret),
    form.get('scope') ?? undefined,
  );
  if ('refused' in result) {
    return result.refused === 'invalid_client'
      ? oauthError(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.')
      : oauthError(
          400,
          'invalid_scope',
          'AADSTS70011: The provided value for the input parameter scope is not valid.',
        );
  }
  return {
    status: 200,
    json: {
      token_type: 'Bearer',
      expires_in: result.expiresIn,
      ext_expires_in: result.expiresIn,
      access_token: result.token,
    },
  };
};

/** The OAuth2 client-credentials token endpoint Business Central and Windchill clients get tokens from. */
export const startTokenServer = (options: TokenServerOptions): Promise<RunningServer> =>
  startSystemServer({
    system: 'identity',
    host: options.host,
    port: options.port,
    log: options.log,
    errorBody: (_status, code, message) => ({ error: code, error_description: message }),
    handle: (request) => handleTokenRequest(options, request),
  });
