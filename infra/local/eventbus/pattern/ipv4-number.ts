/** What {@link ipv4Number} answers for a text that is not a dotted-quad IPv4 address. */
export const NOT_IPV4 = -1;

const DOT = 46;
const ZERO = 48;
const NINE = 57;

/**
 * A dotted-quad IPv4 address as an unsigned 32-bit number, or {@link NOT_IPV4}: the same addresses
 * `parseIpAddress` accepts as version 4 (four groups of one to three digits, each ≤ 255), read char by
 * char so that looking up an event's value allocates neither a regex match nor a bigint.
 */
export const ipv4Number = (text: string): number => {
  const length = text.length;
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a shortcut; the loop refuses such lengths too
  if (length < 7 || length > 15) return NOT_IPV4;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let groups = 0;
  for (let i = 0; i <= length; i++) {
    const code = i < length ? text.charCodeAt(i) : DOT;
    if (code === DOT) {
      if (digits === 0 || octet > 255) return NOT_IPV4;
      value = value * 256 + octet;
      groups++;
      octet = 0;
      digits = 0;
    } else if (code >= ZERO && code <= NINE && digits < 3) {
      octet = octet * 10 + (code - ZERO);
      digits++;
    } else {
      return NOT_IPV4;
    }
  }
  return groups === 4 ? value : NOT_IPV4;
};
