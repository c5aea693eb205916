import { describe, expect, it } from 'vitest';
import { CustomerLookupQuerySchema } from '../../../schemas/api/customer-lookup.ts';

const parse = (identifier: string) => CustomerLookupQuerySchema.safeParse({ identifier });

describe('the identifier query parameter', () => {
  it('normalises identifiers the way ingestion does', () => {
    expect(parse('email:ANNA@Example.com').data?.identifier).toEqual({
      type: 'email',
      value: 'anna@example.com',
    });
    expect(parse('erp:sap-s4:0001000').data?.identifier).toEqual({ type: 'erp', value: 'sap-s4:1000' });
    // `+` arrives as a space when the client did not percent-encode it.
    expect(parse('phone: 49 89 1234567').data?.identifier).toEqual({ type: 'phone', value: '+49891234567' });
  });

  it('explains what is wrong with a malformed identifier', () => {
    const messages = (identifier: string) => parse(identifier).error?.issues.map((i) => i.message) ?? [];

    expect(messages('fax:123')).toEqual([expect.stringContaining('with a type of erp, email, phone')]);
    expect(messages('email:nope')).toEqual(['must be an e-mail address']);
    expect(messages('erp:1000')).toEqual([expect.stringContaining('must be erp:<system>:<number>')]);
  });
});
