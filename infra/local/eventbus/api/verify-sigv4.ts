import { timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../../../../adapters/aws-signing/node-sha256.ts';
import { AwsJsonError } from './aws-json-error.ts';

export { NodeSha256 };

/** The access key the bus accepts: the one the local hub generated for its own functions and CLI. */
export interface BusCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** What the verifier needs of an HTTP request, exactly as it arrived. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export interface SigV4VerifierOptions {
  readonly credentials: BusCredentials;
  readonly region: string;
  /** The signing name of EventBridge. @default 'events' */
  readonly service?: string;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** AWS refuses requests signed more than 15 minutes away from its clock. */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const AUTHORIZATION_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request,\s*SignedHeaders=([a-z0-9\-;]+),\s*Signature=([0-9a-f]{64})$/;

const headerValue = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value.join(',') : value;

/** `20261201T103000Z` as a Date, or undefined when it is not one. */
const parseAmzDate = (text: string | undefined): Date | undefined => {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
};

const refuse = (type: string, message: string, status = 400): never => {
  throw new AwsJsonError(type, message, status);
};

/**
 * Checks a request's AWS Signature Version 4 the way AWS does, by computing the signature again over the
 * headers the client says it signed, with the only secret the bus knows, and comparing in constant time.
 * The local bus triggers functions that write to the store and call partner systems, so (as on AWS) only a
 * holder of the hub's credentials may put events on it. Throws AwsJsonError in AWS's error shape.
 */
export const createSigV4Verifier = (options: SigV4VerifierOptions) => {
  const service = options.service ?? 'events';
  const now = options.now ?? (() => new Date());
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region,
    service,
    sha256: NodeSha256,
  });
  const expectedKey = Buffer.from(options.credentials.accessKeyId);

  return async (request: ReceivedRequest): Promise<void> => {
    const authorization = headerValue(request.headers.authorization);
    if (!authorization) {
      return refuse('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
    }
    const parsed = AUTHORIZATION_PATTERN.exec(authorization.trim());
    if (!parsed) {
      return refuse(
        'IncompleteSignatureException',
        'Authorization header requires Credential, SignedHeaders and Signature in AWS4-HMAC-SHA256 form.',
      );
    }
    const [, accessKeyId = '', , region, signedService, signedHeaderList = '', signature = ''] = parsed;
    const givenKey = Buffer.from(accessKeyId);
    if (givenKey.length !== expectedKey.length || !timingSafeEqual(givenKey, expectedKey)) {
      return refuse('UnrecognizedClientException', 'The security token included in the request is invalid.');
    }
    if (region !== options.region || signedService !== service) {
      return refuse(
        'InvalidSignatureException',
        `Credential should be scoped to a valid region ("${options.region}") and service ("${service}").`,
      );
    }
    const signingDate = parseAmzDate(headerValue(request.headers['x-amz-date']));
    if (!signingDate)
      return refuse('IncompleteSignatureException', 'The request has no valid X-Amz-Date header.');
    if (Math.abs(now().getTime() - signingDate.getTime()) > MAX_CLOCK_SKEW_MS) {
      return refuse(
        'InvalidSignatureException',
        'Signature expired: the request time is more than 15 minutes off.',
      );
    }

    const signedHeaders = signedHeaderList.split(';');
    if (!signedHeaders.includes('host')) {
      return refuse('InvalidSignatureException', "'Host' must be a signed header.");
    }
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) {
      const value = headerValue(request.headers[name]);
      if (value === undefined)
        return refuse('InvalidSignatureException', `Signed header ${name} is missing.`);
      headers[name] = value;
    }
    const [path = '/', queryString = ''] = request.path.split('?', 2);
    const query: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(queryString)) query[key] = value;
    const recomputed = await signer.sign(
      {
        method: request.method,
        protocol: 'http:',
        hostname: headers.host ?? '',
        path,
        query,
        headers,
        body: request.body,
      },
      { signingDate, signableHeaders: new Set(signedHeaders) },
    );
    const expected =
      /Signature=([0-9a-f]{64})/.exec(headerValue(recomputed.headers.authorization) ?? '')?.[1] ?? '';
    if (!timingSafeEqual(Buffer.from(expected.padEnd(64, '0')), Buffer.from(signature))) {
      return refuse(
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided.',
      );
    }
  };
};
