import { keyOrderFreeJson } from './key-order-free-json.ts';

/**
 * Whether two population results (a key-customer standing, RFM boundaries) say the same thing and differ at
 * most in when they were computed. A repeated run that finds the same keeps the earlier value, so it
 * rewrites no customer and announces nothing: re-running over the same inputs changes nothing.
 */
export const sameButForTime = <T extends { readonly computedAt: string }>(
  a: T | null | undefined,
  b: T | null | undefined,
): boolean => {
  if (!a || !b) return false;
  const { computedAt: _a, ...restA } = a;
  const { computedAt: _b, ...restB } = b;
  return keyOrderFreeJson(restA) === keyOrderFreeJson(restB);
};
