import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIpAddress } from '../../../infra/local/eventbus/pattern/ip-address.ts';
import { ipv4Number, NOT_IPV4 } from '../../../infra/local/eventbus/pattern/ipv4-number.ts';
import { propertyRuns } from '../../support/property-runs.ts';

describe('ipv4Number', () => {
  it('reads dotted quads as unsigned 32-bit numbers, leading zeros included', () => {
    expect(ipv4Number('0.0.0.0')).toBe(0);
    expect(ipv4Number('10.0.0.1')).toBe(10 * 2 ** 24 + 1);
    expect(ipv4Number('255.255.255.255')).toBe(2 ** 32 - 1);
    expect(ipv4Number('010.001.000.009')).toBe(10 * 2 ** 24 + 1 * 2 ** 16 + 9);
    expect(ipv4Number('1.2.3.4')).toBe(0x01020304);
  });

  it('refuses texts that are not four groups of one to three digits each at most 255', () => {
    for (const text of [
      '',
      '1.2.3',
      '1.2.3.4.5',
      '1.2.3.',
      '.1.2.3',
      '1..2.3',
      '256.0.0.1',
      '1.2.3.256',
      '1.2.3.0255',
      '1.2.3.a',
      '1.2.3.4 ',
      '1.2.3.4/8',
      '::1',
      '1234.1.1.1',
      '1.2.3.-4',
      '1.2:3.4',
    ]) {
      expect(ipv4Number(text), text).toBe(NOT_IPV4);
    }
  });

  it('accepts exactly the texts parseIpAddress reads as IPv4, with the same value', () => {
    const text = fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '9', '.', 'x'), maxLength: 16 });
    const quad = fc
      .tuple(fc.nat(300), fc.nat(300), fc.nat(300), fc.nat(300))
      .map((octets) => octets.map((o) => (o % 7 === 0 ? String(o).padStart(3, '0') : String(o))).join('.'));
    fc.assert(
      fc.property(fc.oneof(text, quad), (candidate) => {
        const parsed = parseIpAddress(candidate);
        const expected = parsed?.version === 4 ? Number(parsed.value) : NOT_IPV4;

        expect(ipv4Number(candidate)).toBe(expected);
      }),
      { numRuns: propertyRuns(2000) },
    );
  });
});
