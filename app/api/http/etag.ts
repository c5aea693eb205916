import { createHash } from 'node:crypto';

/**
 * A strong entity tag for a JSON representation: a hash of the exact body sent, so any change in what the
 * client would see changes the tag and nothing else does.
 */
export const entityTagOf = (body: string): string =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');

/**
 * Evaluates `If-None-Match` as RFC 9110 §13.1.2 says: `*` or any listed tag matching by weak comparison
 * means the client's copy is current (a GET then answers 304).
 */
export const matchesIfNoneMatch = (header: string | undefined, currentTag: string): boolean => {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const current = opaque(currentTag);
  return (header.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => opaque(tag) === current);
};
