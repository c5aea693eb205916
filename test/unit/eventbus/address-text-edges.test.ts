import { describe, expect, it } from 'vitest';
import { parseCidr, parseIpAddress } from '../../../infra/local/eventbus/pattern/ip-address.ts';
import { ipv4Number, NOT_IPV4 } from '../../../infra/local/eventbus/pattern/ipv4-number.ts';

describe('IPv6 texts at the edges of `::`', () => {
  it('reads `::` standing for a single group of zeros, at the end, the start or inside', () => {
    expect(parseIpAddress('1:2:3:4:5:6:7::')).toEqual(parseIpAddress('1:2:3:4:5:6:7:0'));
    expect(parseIpAddress('::2:3:4:5:6:7:8')).toEqual(parseIpAddress('0:2:3:4:5:6:7:8'));
    expect(parseIpAddress('1:2:3::5:6:7:8')).toEqual({
      version: 6,
      value: 0x0001000200030000000500060007_0008n,
    });
  });

  it('refuses a text with `::` twice, even when the groups before the first fill the address', () => {
    for (const text of ['1:2:3:4:5:6:7:8::1::2', '1:2:3:4:5:6:7:8::::', '1::2::3']) {
      expect(parseIpAddress(text)).toBeUndefined();
    }
  });
});

describe('CIDR mask bits', () => {
  it('names the problem when the mask bits have characters after the digits', () => {
    expect(parseCidr('10.0.0.0/24x')).toBe(
      'Malformed CIDR, mask bits must be an integer between 0 and 32: 10.0.0.0/24x',
    );
    expect(parseCidr('2001:db8::/32 ')).toBe(
      'Malformed CIDR, mask bits must be an integer between 0 and 128: 2001:db8::/32 ',
    );
  });
});

describe('ipv4Number', () => {
  it('refuses a dotted quad with an empty group, wherever it is', () => {
    for (const text of ['10.0..1', '.10.0.1', '10.0.1.', '10.0.0..']) {
      expect(ipv4Number(text)).toBe(NOT_IPV4);
    }
  });
});
