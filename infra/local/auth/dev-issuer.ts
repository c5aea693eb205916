import { join } from 'node:path';
import { SignJWT } from 'jose';
import * as z from 'zod';
import { parseConfig } from '../../../schemas/config/parse-config.ts';
import { createJwtAuthorizer, type LocalAuthorizer } from './local-authorizer.ts';
import { DEV_SIGNING_ALGORITHM, loadOrCreateSigningKey } from './signing-key.ts';

/** The `iss` of every development token; on AWS the deployment names its own OIDC issuer instead. */
export const DEV_ISSUER = 'urn:hub360:local-dev-issuer';
/** The `aud` the local gateway expects, as the HTTP API's JWT authorizer is configured with one audience. */
export const DEV_AUDIENCE = 'hub360-api';

const MintOptionsSchema = z.object({
  scopes: z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'must be a scope token without spaces')),
  subject: z.string().min(1).default('local-developer'),
  expiresInSeconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 3600)
    .default(3600),
});
export type MintOptions = z.input<typeof MintOptionsSchema>;

export interface DevIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly authorizer: LocalAuthorizer;
  mintToken(options: MintOptions): Promise<string>;
}

export interface DevIssuerOptions {
  /** The runtime's data folder; the key lives in `<dataDir>/dev-issuer/` so tokens survive restarts. */
  readonly dataDir: string;
  /** Clock, for tests (e.g. minting tokens that are already expired). @default () => new Date() */
  readonly now?: () => Date;
}

/** The local development issuer: mints tokens with scopes and gives the gateway an authorizer that verifies them. */
export const createDevIssuer = async (options: DevIssuerOptions): Promise<DevIssuer> => {
  const now = options.now ?? (() => new Date());
  const key = await loadOrCreateSigningKey(join(options.dataDir, 'dev-issuer'));
  return {
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    authorizer: createJwtAuthorizer({
      verificationKey: key.publicKey,
      keyId: key.kid,
      algorithm: DEV_SIGNING_ALGORITHM,
      issuer: DEV_ISSUER,
      audience: DEV_AUDIENCE,
      ...(options.now ? { now: options.now } : {}),
    }),
    async mintToken(mintOptions) {
      const { scopes, subject, expiresInSeconds } = parseConfig(
        MintOptionsSchema,
        mintOptions,
        'token options',
      );
      const issuedAt = Math.floor(now().getTime() / 1000);
      return new SignJWT({ scope: scopes.join(' ') })
        .setProtectedHeader({ alg: DEV_SIGNING_ALGORITHM, kid: key.kid, typ: 'JWT' })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setSubject(subject)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + expiresInSeconds)
        .sign(key.privateKey);
    },
  };
};
