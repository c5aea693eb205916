import { describe, expect, it } from 'vitest';
import { redactLogValue, redactText } from '../../../core/privacy/redact-for-log.ts';

// Each rule of the redaction, one example per shape a log line really carries, and the near misses it must
// leave alone (so a log stays readable). The broad cases are in redact-for-log.test.ts.

describe('redactText credentials', () => {
  it.each([
    ['Authorization: Basic dXNlcjpwdw==', 'Authorization: Basic [credential]'],
    ['authorization: bearer abc~def+ghi/jkl=', 'authorization: bearer [credential]'],
    ['raw header Bearer%20abc.def', 'raw header Bearer [credential]'],
    ['Bearer   spaced-token rest', 'Bearer [credential] rest'],
  ])('replaces the credential of %s', (raw, expected) => {
    expect(redactText(raw)).toBe(expected);
  });

  it('leaves the words bearer and basic alone when no credential follows them', () => {
    expect(redactText('the bearer. it is basic')).toBe('the bearer. it is basic');
  });

  it.each([
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc_DEF-123 end', 'jwt [jwt] end'],
    ['unsigned eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0. end', 'unsigned [jwt] end'],
  ])('replaces a whole JWT in %s', (raw, expected) => {
    expect(redactText(raw)).toBe(expected);
  });

  it('leaves a dotted name that only starts like a JWT header alone', () => {
    expect(redactText('module eyJfoo.bar')).toBe('module eyJfoo.bar');
  });
});

describe('redactText typed identifiers', () => {
  it.each([
    ['identifier=email:anna@example.com', 'identifier=email:[redacted]'],
    ['phone:+4989123456', 'phone:[redacted]'],
    ['erp:sap-s4:1000123', 'erp:[redacted]'],
    ['webUser:u-77', 'webUser:[redacted]'],
    ['anonymousId:0f1e2d', 'anonymousId:[redacted]'],
    ['WEBUSER%3Au-77', 'WEBUSER%3A[redacted]'],
  ])('redacts the value of %s', (raw, expected) => {
    expect(redactText(raw)).toBe(expected);
  });

  it.each(['/', '?', '&', '#', '"', "'", '<', '>', ',', ';', ' '])(
    'stops the redacted value at %j so the rest of the line stays',
    (stop) => {
      expect(redactText(`webUser:u-77${stop}next`)).toBe(`webUser:[redacted]${stop}next`);
    },
  );

  it('leaves a word that only ends in an identifier type alone', () => {
    expect(redactText('superwebUser:x')).toBe('superwebUser:x');
  });
});

describe('redactText e-mail addresses', () => {
  it.each([
    ['from first.last+tag@mail.example.co.uk today', 'from [email] today'],
    ['to A_B-c%d@sub-domain.example.de', 'to [email]'],
    ['encoded anna%40example.com', 'encoded [email]'],
  ])('redacts the address in %s', (raw, expected) => {
    expect(redactText(raw)).toBe(expected);
  });

  it('leaves a handle without a domain and a domain without a top-level part alone', () => {
    expect(redactText('@team and anna@localhost and user@example.c')).toBe(
      '@team and anna@localhost and user@example.c',
    );
  });
});

describe('redactText phone numbers', () => {
  it.each([
    ['call +4989123456 now', 'call [phone] now'],
    ['call 004989123456 now', 'call [phone] now'],
    ['call %2B4989123456 now', 'call [phone] now'],
    ['call +49 89 1234-5678', 'call [phone]'],
    ['call +49 (0) 89/123.456', 'call [phone]'],
    ['call +49%2089%20123456', 'call [phone]'],
    ['call +1234567', 'call [phone]'],
  ])('redacts the number in %s', (raw, expected) => {
    expect(redactText(raw)).toBe(expected);
  });

  it.each([
    ['too short', 'call +123456'],
    ['a country code cannot start with 0', 'call +0123456789'],
    ['00 inside a number', 'order 1004989123456'],
    ['a plain version', 'v+1.2'],
    ['letters after the country digit', 'code +1ab234567'],
  ])('leaves %s alone', (_, text) => {
    expect(redactText(text)).toBe(text);
  });

  it('redacts a number of 18 digits whole', () => {
    expect(redactText('+123456789012345678 end')).toBe('[phone] end');
  });
});

describe('redactLogValue', () => {
  it.each([
    'authorization',
    'cookie',
    'Set-Cookie',
    'password',
    'secret',
    'client_secret',
    'token',
    'access_token',
    'refresh-token',
    'id_token',
    'apiKey',
    'X-Api-Key',
    'email',
    'email_address',
    'phone',
    'phoneNumber',
    'mobile',
    'FAX',
  ])('replaces the whole value under the key %s', (key) => {
    expect(redactLogValue({ [key]: 'plain words' })).toEqual({ [key]: '[redacted]' });
  });

  it('replaces a non-text value under a sensitive key too', () => {
    expect(redactLogValue({ token: { value: 'x' }, phone: 4989123456 })).toEqual({
      token: '[redacted]',
      phone: '[redacted]',
    });
  });

  it('keeps an absent or null value under a sensitive key as it is', () => {
    expect(redactLogValue({ email: null, password: undefined })).toEqual({
      email: null,
      password: undefined,
    });
  });

  it('keeps values under ordinary keys, redacting only the text inside them', () => {
    expect(redactLogValue({ tokens: 'three', note: 'from a@b.de', count: 3, ok: true })).toEqual({
      tokens: 'three',
      note: 'from [email]',
      count: 3,
      ok: true,
    });
  });

  it('walks arrays, leaves numbers, booleans and null as they are', () => {
    expect(redactLogValue(['a@b.de', 1, false, null, { email: 'x' }])).toEqual([
      '[email]',
      1,
      false,
      null,
      { email: '[redacted]' },
    ]);
  });

  it('passes errors and dates through unchanged for the formatter', () => {
    const error = new Error('failed for a@b.de');
    const date = new Date('2026-03-01T00:00:00Z');

    const redacted = redactLogValue({ error, date }) as { error: unknown; date: unknown };

    expect(redacted.error).toBe(error);
    expect(redacted.date).toBe(date);
  });

  it('names a cycle instead of handing back the unredacted original', () => {
    const node: Record<string, unknown> = { note: 'a@b.de' };
    node.self = node;

    expect(redactLogValue(node)).toEqual({ note: '[email]', self: '[circular]' });
  });

  it('redacts an object met twice outside a cycle at both places', () => {
    const customer = { email: 'a@b.de', note: 'mail a@b.de' };

    expect(redactLogValue({ before: customer, after: [customer] })).toEqual({
      before: { email: '[redacted]', note: 'mail [email]' },
      after: [{ email: '[redacted]', note: 'mail [email]' }],
    });
  });
});
