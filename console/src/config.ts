/** How the console signs in: the local development issuer, or an OIDC provider (authorization code + PKCE). */
export type AuthConfig =
  | {
      readonly mode: 'dev';
      /** The local hub's token endpoint for development tokens (never present on AWS). */
      readonly tokenUrl: string;
    }
  | {
      readonly mode: 'oidc';
      /** The issuer; its `/.well-known/openid-configuration` names the endpoints. */
      readonly issuer: string;
      readonly clientId: string;
      /** Scopes to ask for; the API's route scopes (`customers:read` ...) plus `openid`. */
      readonly scopes: readonly string[];
      /** Where the provider sends the browser back; defaults to the console's own URL. */
      readonly redirectUri?: string;
    };

/** The runtime configuration (`config.json` next to the console), written by whoever serves the console. */
export interface ConsoleConfig {
  /** Base URL of the query API; empty = the console's own origin. */
  readonly apiUrl: string;
  readonly auth: AuthConfig;
  /** Country calling code for phone numbers typed in national form (`089 …` → `+4989 …`). */
  readonly defaultCountryCallingCode: string;
  /** ERP systems (connector instances) a bare number is tried against, e.g. `sap-s4`. */
  readonly erpSystems: readonly string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const text = (v: unknown, field: string): string => {
  if (typeof v !== 'string') throw new Error(`config.json: ${field} must be a string`);
  return v;
};
const texts = (v: unknown, field: string): string[] => {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) {
    throw new Error(`config.json: ${field} must be a list of strings`);
  }
  return v;
};

/** Reads config.json, naming the field that is wrong (the console does not bundle zod, to stay small). */
export const parseConsoleConfig = (raw: unknown): ConsoleConfig => {
  if (!isRecord(raw) || !isRecord(raw.auth)) throw new Error('config.json: must be an object with "auth"');
  const { auth } = raw;
  const parsedAuth: AuthConfig =
    auth.mode === 'dev'
      ? { mode: 'dev', tokenUrl: text(auth.tokenUrl, 'auth.tokenUrl') }
      : auth.mode === 'oidc'
        ? {
            mode: 'oidc',
            issuer: text(auth.issuer, 'auth.issuer').replace(/\/$/, ''),
            clientId: text(auth.clientId, 'auth.clientId'),
            scopes: texts(auth.scopes, 'auth.scopes'),
            ...(auth.redirectUri === undefined
              ? {}
              : { redirectUri: text(auth.redirectUri, 'auth.redirectUri') }),
          }
        : (() => {
            throw new Error('config.json: auth.mode must be "dev" or "oidc"');
          })();
  return {
    apiUrl: text(raw.apiUrl ?? '', 'apiUrl').replace(/\/$/, ''),
    auth: parsedAuth,
    defaultCountryCallingCode: text(raw.defaultCountryCallingCode ?? '49', 'defaultCountryCallingCode'),
    erpSystems: texts(raw.erpSystems ?? [], 'erpSystems'),
  };
};

export const loadConsoleConfig = async (): Promise<ConsoleConfig> => {
  const response = await fetch(new URL('config.json', document.baseURI), { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json could not be loaded (HTTP ${response.status})`);
  return parseConsoleConfig(await response.json());
};
