import { describe, expect, it } from 'vitest';
import { redactLogValue, redactText } from '../../../core/privacy/redact-for-log.ts';

describe('redactText', () => {
  it.each([
    [
      'GET /customers?identifier=email:Anna.Schmidt@example.com',
      'GET /customers?identifier=email:[redacted]',
    ],
    ['/identifiers/phone%3A%2B4989123456/history', '/identifiers/phone%3A[redacted]/history'],
    ['mail anna%40example.com now', 'mail [email] now'],
    ['call +49 (89) 123-456 78', 'call [phone]'],
    ['authorization: Bearer abc.def-ghi', 'authorization: Bearer [credential]'],
    ['token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig', 'token [jwt]'],
  ])('redacts %s', (raw, expected) => {
    expect(redactText(raw)).toBe(expected);
  });

  it('leaves timestamps, ports, account ids and ERP-free text alone', () => {
    const text = '2026-12-01T10:00:00.000Z http://127.0.0.1:4360 account 000000000000 took 1234567 ms';

    expect(redactText(text)).toBe(text);
  });
});

describe('redactLogValue', () => {
  it('replaces values under sensitive keys and redacts nested strings', () => {
    const value = {
      headers: { Authorization: 'Basic dXNlcjpwdw==', 'x-request-id': 'r-1' },
      customer: { email: 'a@b.de', phone: '+4989123456', note: 'wrote from a@b.de' },
    };

    expect(redactLogValue(value)).toEqual({
      headers: { Authorization: '[redacted]', 'x-request-id': 'r-1' },
      customer: { email: '[redacted]', phone: '[redacted]', note: 'wrote from [email]' },
    });
  });
});
