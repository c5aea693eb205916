import { describe, expect, it } from 'vitest';
import { inRange, parseCidr, parseIpAddress } from '../../../infra/local/eventbus/pattern/ip-address.ts';

describe('parseIpAddress', () => {
  it('reads a dotted-quad IPv4 address as a 32-bit number', () => {
    expect(parseIpAddress('10.0.0.1')).toEqual({ version: 4, value: 0x0a000001n });
    expect(parseIpAddress('255.255.255.255')).toEqual({ version: 4, value: 0xffffffffn });
    expect(parseIpAddress('0.0.0.0')).toEqual({ version: 4, value: 0n });
    expect(parseIpAddress('001.002.003.004')).toEqual({ version: 4, value: 0x01020304n });
  });

  it('refuses IPv4 texts with an octet above 255, too few or too many groups, or other characters', () => {
    for (const text of [
      '256.0.0.1',
      '10.0.0.256',
      '10.0.0',
      '10.0.0.1.2',
      '10.0.0.1 ',
      'a.b.c.d',
      '1000.0.0.1',
    ]) {
      expect(parseIpAddress(text)).toBeUndefined();
    }
  });

  it('reads full and compressed IPv6 addresses as 128-bit numbers', () => {
    expect(parseIpAddress('::1')).toEqual({ version: 6, value: 1n });
    expect(parseIpAddress('::')).toEqual({ version: 6, value: 0n });
    expect(parseIpAddress('0:0:0:0:0:0:0:1')).toEqual({ version: 6, value: 1n });
    expect(parseIpAddress('2001:db8::1')).toEqual({ version: 6, value: (0x20010db8n << 96n) | 1n });
    expect(parseIpAddress('2001:DB8::')).toEqual({ version: 6, value: 0x20010db8n << 96n });
    expect(parseIpAddress('1:2:3:4:5:6:7:8')).toEqual({
      version: 6,
      value: 0x00010002000300040005000600070008n,
    });
    expect(parseIpAddress('1::8')).toEqual({ version: 6, value: (1n << 112n) | 8n });
  });

  it('reads an IPv6 address ending in an embedded IPv4 address', () => {
    expect(parseIpAddress('::ffff:10.0.0.1')).toEqual({ version: 6, value: 0xffff0a000001n });
    expect(parseIpAddress('0:0:0:0:0:ffff:10.0.0.1')).toEqual({ version: 6, value: 0xffff0a000001n });
  });

  it('refuses malformed IPv6 texts', () => {
    for (const text of [
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      '1:2:3:4::5:6:7:8',
      '12345::1',
      'g::1',
      '::1:',
      '::ffff:10.0.0.256',
      '::10.0.0.1:1',
      '1:2:3:4:5:6:7:8::',
      'abc',
    ]) {
      expect(parseIpAddress(text), text).toBeUndefined();
    }
  });
});

describe('parseCidr', () => {
  it('gives the first and last address of an IPv4 block, host bits of the address dropped', () => {
    expect(parseCidr('10.1.2.3/8')).toEqual({ version: 4, first: 0x0a000000n, last: 0x0affffffn });
    expect(parseCidr('10.0.0.7/32')).toEqual({ version: 4, first: 0x0a000007n, last: 0x0a000007n });
    expect(parseCidr('1.2.3.4/0')).toEqual({ version: 4, first: 0n, last: 0xffffffffn });
  });

  it('gives the first and last address of an IPv6 block', () => {
    expect(parseCidr('2001:db8::5/32')).toEqual({
      version: 6,
      first: 0x20010db8n << 96n,
      last: (0x20010db8n << 96n) | ((1n << 96n) - 1n),
    });
    expect(parseCidr('::1/128')).toEqual({ version: 6, first: 1n, last: 1n });
  });

  it('names what is wrong with a text that is not a CIDR block', () => {
    expect(parseCidr('10.0.0.1')).toBe("Malformed CIDR, one '/' required: 10.0.0.1");
    expect(parseCidr('10.0.0.1/8/8')).toBe("Malformed CIDR, one '/' required: 10.0.0.1/8/8");
    expect(parseCidr('10.0.0/8')).toBe('Malformed CIDR, "10.0.0" is not an IPv4 or IPv6 address');
    expect(parseCidr('10.0.0.0/33')).toBe(
      'Malformed CIDR, mask bits must be an integer between 0 and 32: 10.0.0.0/33',
    );
    expect(parseCidr('::/129')).toBe(
      'Malformed CIDR, mask bits must be an integer between 0 and 128: ::/129',
    );
    expect(parseCidr('10.0.0.0/')).toBe(
      'Malformed CIDR, mask bits must be an integer between 0 and 32: 10.0.0.0/',
    );
    expect(parseCidr('10.0.0.0/x8')).toBe(
      'Malformed CIDR, mask bits must be an integer between 0 and 32: 10.0.0.0/x8',
    );
    expect(parseCidr('10.0.0.0/1000')).toBe(
      'Malformed CIDR, mask bits must be an integer between 0 and 32: 10.0.0.0/1000',
    );
  });
});

describe('inRange', () => {
  it('holds from the first to the last address of a block of the same version', () => {
    const block = parseCidr('10.0.0.0/24');
    if (typeof block === 'string') throw new Error(block);
    const at = (text: string) => {
      const address = parseIpAddress(text);
      if (!address) throw new Error(text);
      return inRange(address, block);
    };

    expect(at('10.0.0.0')).toBe(true);
    expect(at('10.0.0.255')).toBe(true);
    expect(at('9.255.255.255')).toBe(false);
    expect(at('10.0.1.0')).toBe(false);
    expect(at('::a00:1')).toBe(false);
  });
});
