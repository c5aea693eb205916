import { SignatureV4 } from '@smithy/signature-v4';
import * as z from 'zod';
import { NodeSha256 } from './node-sha256.ts';

/** Who signs and for which service, as SigV4 scopes a signature. */
export interface SigningIdentity {
  readonly credentials: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
  readonly region: string;
  /** The signing name, e.g. `events` for the (local) event bus. */
  readonly service: string;
}

export interface SignedRequestInit {
  readonly method?: 'GET' | 'POST';
  /** JSON text; sent with `content-type: application/json`. */
  readonly body?: string;
}

/** A `fetch` for JSON calls that signs each request with SigV4, as the AWS SDK signs its own. */
export type SignedFetch = (url: string | URL, init?: SignedRequestInit) => Promise<Response>;

/** Signs every request with the identity's credentials (AWS Signature Version 4) before sending it. */
export const createSignedFetch = (
  identity: SigningIdentity,
  fetchImpl: typeof fetch = fetch,
): SignedFetch => {
  const signer = new SignatureV4({
    credentials: identity.credentials,
    region: identity.region,
    service: identity.service,
    sha256: NodeSha256,
  });
  return async (target, init = {}) => {
    const url = new URL(target);
    const method = init.method ?? 'GET';
    const body = init.body ?? '';
    const signed = await signer.sign({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port === '' ? {} : { port: Number(url.port) }),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { host: url.host, 'content-type': 'application/json' },
      body,
    });
    return fetchImpl(url, {
      method,
      headers: signed.headers,
      ...(method === 'POST' ? { body } : {}),
    });
  };
};

const EnvironmentCredentialsSchema = z.object({
  AWS_ACCESS_KEY_ID: z.string().min(1),
  AWS_SECRET_ACCESS_KEY: z.string().min(1),
  AWS_SESSION_TOKEN: z.string().min(1).optional(),
  AWS_REGION: z.string().min(1),
});

/**
 * The signing identity of a function from its environment (the variables Lambda and the local runtime
 * set, the same the SDK's clients sign with); a missing variable fails fast, naming it.
 */
export const signingIdentityFromEnvironment = (
  env: Readonly<Record<string, string | undefined>>,
  service: string,
): SigningIdentity => {
  const parsed = EnvironmentCredentialsSchema.safeParse(env);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`Cannot sign ${service} requests: environment variable(s) ${missing} missing or empty`);
  }
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION } = parsed.data;
  return {
    credentials: {
      accessKeyId: AWS_ACCESS_KEY_ID,
      secretAccessKey: AWS_SECRET_ACCESS_KEY,
      ...(AWS_SESSION_TOKEN === undefined ? {} : { sessionToken: AWS_SESSION_TOKEN }),
    },
    region: AWS_REGION,
    service,
  };
};
