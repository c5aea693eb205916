import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashIdentifier, keys, RESERVED_PREFIXES, stableId } from '../../../core/items/keys.ts';
import { keyString, opKey, type WriteOp } from '../../../core/items/write-ops.ts';

// The single-table key builders, the identifier hash and the operation keys. Other code and the table
// design (docs/table-design.md) rely on these exact spellings: queries select by prefix, and the identifier
// index is keyed by the hash, so a changed separator or salt loses every stored identifier.

describe('keys', () => {
  it('spells the customer-partition keys as the table design names them', () => {
    expect(keys.customer('c1')).toBe('CUST#c1');
    expect(keys.record('order#s#st#1')).toBe('REC#order#s#st#1');
    expect(keys.orderLine('order#s#st#1', '10')).toBe('LINE#order#s#st#1#10');
    expect(keys.identifierMirror('email:a@b.de')).toBe('ID#email:a@b.de');
    expect(keys.ledger('2026-03-01T00:00:00Z', 'e1')).toBe('LEDGER#2026-03-01T00:00:00Z#e1');
    expect(keys.conflict('x1')).toBe('CONFLICT#x1');
    expect(keys.status('2026-03-01', 'payment')).toBe('STATUS#2026-03-01#payment');
    expect(keys.segmentMembership('A')).toBe('SEGMENT#A');
    expect(keys.insightMembership('lifecycle')).toBe('INSIGHTS#lifecycle');
  });

  it('spells the identifier, locator, product and index keys as the table design names them', () => {
    expect(keys.identifier('abc')).toBe('ID#abc');
    expect(keys.locator('order#s#st#1')).toBe('SRC#order#s#st#1');
    expect(keys.product('P-1')).toBe('PRODUCT#P-1');
    expect(keys.timelinePk('c1')).toBe('TL#c1');
    expect(keys.partPk('P-1')).toBe('PART#P-1');
    expect(keys.segmentPk('A')).toBe('SEGMENT#A');
    expect(RESERVED_PREFIXES).toEqual(['CONNECTOR#', 'QUARANTINE#']);
  });
});

describe('hashIdentifier', () => {
  it('is the first 40 hex digits of SHA-256 over salt, NUL and the identifier key', () => {
    const expected = createHash('sha256')
      .update('pepper\u0000email:ann@example.com')
      .digest('hex')
      .slice(0, 40);

    expect(hashIdentifier('pepper', 'email:ann@example.com')).toBe(expected);
    expect(hashIdentifier('pepper', { type: 'email', value: 'ann@example.com' })).toBe(expected);
  });

  it('differs by salt and by identifier', () => {
    const base = hashIdentifier('s1', 'email:ann@example.com');

    expect(hashIdentifier('s2', 'email:ann@example.com')).not.toBe(base);
    expect(hashIdentifier('s1', 'email:bo@example.com')).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('stableId', () => {
  it('is the first 24 hex digits of SHA-256 over the parts joined by NUL', () => {
    const expected = createHash('sha256').update('merge\u0000c1\u0000c2').digest('hex').slice(0, 24);

    expect(stableId('merge', 'c1', 'c2')).toBe(expected);
    // The separator keeps part boundaries: ('ab', 'c') and ('a', 'bc') are different ids.
    expect(stableId('ab', 'c')).not.toBe(stableId('a', 'bc'));
  });
});

describe('opKey and keyString', () => {
  it('takes a put’s key from its item and every other operation’s key from the operation', () => {
    const put: WriteOp = { op: 'put', item: { pk: 'CUST#c1', sk: 'PROFILE', kind: 'profile' } };
    const del: WriteOp = { op: 'delete', key: { pk: 'CUST#c2', sk: 'REC#r' } };
    const patch: WriteOp = { op: 'patch', key: { pk: 'SRC#r', sk: 'LOCATOR' }, set: {} };

    expect(opKey(put)).toEqual({ pk: 'CUST#c1', sk: 'PROFILE' });
    expect(opKey(del)).toEqual({ pk: 'CUST#c2', sk: 'REC#r' });
    expect(opKey(patch)).toEqual({ pk: 'SRC#r', sk: 'LOCATOR' });
  });

  it('joins partition and sort key with NUL so no two keys collide', () => {
    expect(keyString({ pk: 'a', sk: 'b' })).toBe('a\u0000b');
    expect(keyString({ pk: 'a#', sk: 'b' })).not.toBe(keyString({ pk: 'a', sk: '#b' }));
  });
});
