import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64url, decodeJwt, generateKeyPair, importJWK, type JWTPayload, SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDevIssuer, DEV_AUDIENCE, DEV_ISSUER } from '../../../infra/local/auth/dev-issuer.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'hub360-auth-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const bearer = (token: string) => `Bearer ${token}`;

/** Signs arbitrary claims with the development key, to build tokens the issuer itself would never mint. */
const signWithDevKey = async (claims: JWTPayload): Promise<string> => {
  const stored = JSON.parse(await readFile(join(dataDir, 'dev-issuer', 'signing-key.json'), 'utf8'));
  const key = await importJWK(stored.privateJwk, 'ES256');
  // With the issuer's kid, as API Gateway picks the verification key by it.
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: stored.kid })
    .setExpirationTime('1h')
    .sign(key);
};

describe('the development issuer', () => {
  it('keeps its signing key on disk so tokens minted before a restart stay valid', async () => {
    // prepare
    const first = await createDevIssuer({ dataDir });
    const token = await first.mintToken({ scopes: ['customers:read'] });

    // act
    const restarted = await createDevIssuer({ dataDir });
    const result = await restarted.authorizer.authorize(bearer(token), ['customers:read']);

    // assert
    expect(result).toMatchObject({ ok: true, scopes: ['customers:read'] });
    const keyFile = await stat(join(dataDir, 'dev-issuer', 'signing-key.json'));
    expect(keyFile.mode & 0o077).toBe(0);
  });

  it('mints tokens with issuer, audience, subject, space-separated scope and expiry', async () => {
    const issuer = await createDevIssuer({ dataDir, now: () => new Date('2026-01-01T00:00:00Z') });

    const claims = decodeJwt(
      await issuer.mintToken({ scopes: ['a:b', 'c:d'], subject: 'app-1', expiresInSeconds: 60 }),
    );

    expect(claims).toMatchObject({ iss: DEV_ISSUER, aud: DEV_AUDIENCE, sub: 'app-1', scope: 'a:b c:d' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(60);
  });

  it('refuses to mint with invalid options, naming the field', async () => {
    const issuer = await createDevIssuer({ dataDir });

    await expect(issuer.mintToken({ scopes: ['has space'], expiresInSeconds: 0 })).rejects.toThrow(
      /scopes\[0\].*\n.*expiresInSeconds/s,
    );
  });
});

describe('the local JWT authorizer', () => {
  it('answers 401 without a token, and for a garbled one', async () => {
    const { authorizer } = await createDevIssuer({ dataDir });

    const missing = await authorizer.authorize(undefined, ['customers:read']);
    const empty = await authorizer.authorize('Bearer ', ['customers:read']);
    const garbled = await authorizer.authorize('Bearer not.a.jwt', ['customers:read']);

    expect([missing, empty, garbled].map((r) => (r.ok ? 200 : r.status))).toEqual([401, 401, 401]);
  });

  it('answers 401 for a tampered token', async () => {
    const issuer = await createDevIssuer({ dataDir });
    const [header, , signature] = (await issuer.mintToken({ scopes: ['customers:read'] })).split('.');
    const forgedPayload = base64url.encode(
      JSON.stringify({ iss: DEV_ISSUER, aud: DEV_AUDIENCE, scope: 'privacy:erase', exp: 4102444800 }),
    );

    const result = await issuer.authorizer.authorize(bearer(`${header}.${forgedPayload}.${signature}`), [
      'privacy:erase',
    ]);

    expect(result).toEqual({
      ok: false,
      status: 401,
      message: 'Unauthorized: the token signature is invalid',
    });
  });

  it('answers 401 for a token signed by another key, even with the right claims', async () => {
    const issuer = await createDevIssuer({ dataDir });
    const { privateKey } = await generateKeyPair('ES256');
    const foreign = await new SignJWT({ scope: 'customers:read' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setExpirationTime('1h')
      .sign(privateKey);

    const result = await issuer.authorizer.authorize(bearer(foreign), ['customers:read']);

    expect(result).toMatchObject({ ok: false, status: 401 });
  });

  it('answers 401 for an expired token', async () => {
    const past = await createDevIssuer({ dataDir, now: () => new Date(Date.now() - 2 * 3600_000) });
    const expired = await past.mintToken({ scopes: ['customers:read'], expiresInSeconds: 60 });
    const { authorizer } = await createDevIssuer({ dataDir });

    const result = await authorizer.authorize(bearer(expired), ['customers:read']);

    expect(result).toEqual({ ok: false, status: 401, message: 'Unauthorized: the token has expired' });
  });

  it('answers 401 for a wrong audience or issuer', async () => {
    const issuer = await createDevIssuer({ dataDir });
    const base = { scope: 'customers:read' };

    const wrongAudience = await issuer.authorizer.authorize(
      bearer(await signWithDevKey({ ...base, iss: DEV_ISSUER, aud: 'other' })),
      [],
    );
    const wrongIssuer = await issuer.authorizer.authorize(
      bearer(await signWithDevKey({ ...base, iss: 'urn:other', aud: DEV_AUDIENCE })),
      [],
    );

    expect(wrongAudience).toMatchObject({ ok: false, status: 401, message: expect.stringContaining('aud') });
    expect(wrongIssuer).toMatchObject({ ok: false, status: 401, message: expect.stringContaining('iss') });
  });

  it('answers 403 for a valid token holding none of the route scopes, and accepts any one of them', async () => {
    const issuer = await createDevIssuer({ dataDir });
    const token = await issuer.mintToken({ scopes: ['customers:read'] });

    const forbidden = await issuer.authorizer.authorize(bearer(token), ['privacy:erase']);
    const allowed = await issuer.authorizer.authorize(`bearer ${token}`, [
      'customers:write',
      'customers:read',
    ]);
    const withoutPrefix = await issuer.authorizer.authorize(token, ['customers:read']);

    expect(forbidden).toMatchObject({ ok: false, status: 403 });
    expect(allowed).toMatchObject({ ok: true, claims: { sub: 'local-developer', scope: 'customers:read' } });
    expect(withoutPrefix.ok).toBe(true);
  });

  it('reads scopes from an scp list as well', async () => {
    const issuer = await createDevIssuer({ dataDir });
    const token = await signWithDevKey({ scp: ['customers:write'], iss: DEV_ISSUER, aud: DEV_AUDIENCE });

    const result = await issuer.authorizer.authorize(bearer(token), ['customers:write']);

    expect(result).toMatchObject({
      ok: true,
      scopes: ['customers:write'],
      claims: { scp: ['customers:write'] },
    });
  });
});
