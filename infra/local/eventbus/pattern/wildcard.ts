/**
 * Wildcard values: `*` matches any run of characters, `\*` a literal asterisk and `\\` a literal
 * backslash. Consecutive wildcards and any other escape are rejected, with the byte position
 * AWS reports (counted in UTF-8 from the opening quote of the JSON string).
 */
export type WildcardParse =
  | {
      ok: true;
      regex: RegExp;
      /** The literal text before the first wildcard (the whole value when there is none). */
      prefix: string;
      /** The literal text after the last wildcard; empty when there is no wildcard. */
      suffix: string;
    }
  | { ok: false; reason: string };

const REGEX_SPECIALS = /[.*+?^${}()|[\]\\]/g;

const escapeForRegex = (text: string): string => text.replace(REGEX_SPECIALS, '\\$&');

const bytePosition = (value: string, index: number): number =>
  // Stryker disable next-line StringLiteral: Buffer.byteLength counts UTF-8 for an empty encoding name too
  Buffer.byteLength(value.slice(0, index), 'utf8') + 1;

/** Parses a wildcard value into an anchored regular expression. */
export const parseWildcard = (value: string): WildcardParse => {
  let source = '';
  // Literal text since the last wildcard; before the first one it is the prefix.
  let literal = '';
  let prefix: string | undefined;
  // Stryker disable next-line EqualityOperator: one step past the end reads undefined, which adds nothing
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (char === '*') {
      if (value[i + 1] === '*') {
        return { ok: false, reason: `Consecutive wildcard characters at pos ${bytePosition(value, i)}` };
      }
      source += '.*';
      prefix ??= literal;
      literal = '';
    } else if (char === '\\') {
      const next = value[i + 1];
      if (next !== '*' && next !== '\\') {
        return { ok: false, reason: `Invalid escape character at pos ${bytePosition(value, i)}` };
      }
      source += escapeForRegex(next);
      literal += next;
      i++;
    } else {
      // Inside the loop bound `char` is always a character; the `?? ''` only satisfies the types.
      // Stryker disable next-line StringLiteral: equivalent, see above
      source += escapeForRegex(char ?? '');
      // Stryker disable next-line StringLiteral: equivalent, see above
      literal += char ?? '';
    }
  }
  const regex = new RegExp(`^${source}$`, 'su');
  return prefix === undefined
    ? { ok: true, regex, prefix: literal, suffix: '' }
    : { ok: true, regex, prefix, suffix: literal };
};
