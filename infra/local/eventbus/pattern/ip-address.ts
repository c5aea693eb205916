/**
 * IPv4 and IPv6 addresses as integers, for `cidr` matching and for exact values that are IP
 * addresses (EventBridge compares those as addresses, so `::1` equals `0:0:0:0:0:0:0:1`).
 */
export interface IpAddress {
  readonly version: 4 | 6;
  readonly value: bigint;
}

export interface IpRange {
  readonly version: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

const parseIpv4 = (text: string): bigint | undefined => {
  const match = IPV4.exec(text);
  if (!match) return undefined;
  let value = 0n;
  for (const octet of match.slice(1)) {
    const n = Number(octet);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
};

const parseHextets = (part: string): bigint[] | undefined => {
  if (part === '') return [];
  const groups = part.split(':');
  const out: bigint[] = [];
  for (const [i, group] of groups.entries()) {
    if (i === groups.length - 1 && group.includes('.')) {
      const v4 = parseIpv4(group);
      if (v4 === undefined) return undefined;
      out.push(v4 >> 16n, v4 & 0xffffn);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(group)) {
      out.push(BigInt(`0x${group}`));
    } else {
      return undefined;
    }
  }
  return out;
};

const parseIpv6 = (text: string): bigint | undefined => {
  // Stryker disable next-line ConditionalExpression,StringLiteral: a shortcut; without a colon the groups never count 8
  if (!text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  // split gives at least one half, and a second one whenever the length is 2: the `?? ''` only satisfies the types.
  // Stryker disable next-line StringLiteral: equivalent, see above
  const head = parseHextets(halves[0] ?? '');
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent; a missing second half parses as none
  const tail = halves.length === 2 ? parseHextets(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<bigint>(Math.max(missing, 0)).fill(0n), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
};

/** Parses an IPv4 or IPv6 address; undefined when the text is not one. */
export const parseIpAddress = (text: string): IpAddress | undefined => {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : { version: 6, value: v6 };
};

/** Parses `address/bits`; a string naming the problem when it is not a CIDR block. */
export const parseCidr = (text: string): IpRange | string => {
  const parts = text.split('/');
  if (parts.length !== 2) return `Malformed CIDR, one '/' required: ${text}`;
  // Stryker disable next-line StringLiteral: the defaults only satisfy the types; there are exactly two parts here
  const [addressText = '', bitsText = ''] = parts;
  const address = parseIpAddress(addressText);
  if (!address) return `Malformed CIDR, "${addressText}" is not an IPv4 or IPv6 address`;
  const width = address.version === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(bitsText) || Number(bitsText) > width) {
    return `Malformed CIDR, mask bits must be an integer between 0 and ${width}: ${text}`;
  }
  const hostBits = BigInt(width - Number(bitsText));
  const hostMask = (1n << hostBits) - 1n;
  const first = address.value & ~hostMask;
  return { version: address.version, first, last: first | hostMask };
};

/** True when the address lies in the range. */
export const inRange = (address: IpAddress, range: IpRange): boolean =>
  address.version === range.version && address.value >= range.first && address.value <= range.last;
