/**
 * Distinct web sessions without keeping every session id: exact counts per session hash while a customer
 * has few sessions, a HyperLogLog sketch (256 registers, about ±6.5 %) beyond. The sketch only ever
 * grows, so a removed event leaves it as it was; the projector rebuilds the section when that matters.
 */
const REGISTERS = 256;

/** FNV-1a, 32 bits: cheap, stable across runs, good enough to spread session ids. */
export const fnv1a = (value: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
};

export const sessionHash = (sessionId: string): string => fnv1a(sessionId).toString(16).padStart(8, '0');

export const emptySketch = (): string => '0'.repeat(REGISTERS);

/** The sketch with one more session id in it. */
export const addToSketch = (sketch: string, sessionId: string): string => {
  // A second, differently seeded hash decides the register so its bits stay independent of the rank's.
  const hash = fnv1a(sessionId);
  const index = fnv1a(`#${sessionId}`) % REGISTERS;
  const rank = Math.min(35, Math.clz32(hash) + 1);
  // Stryker disable next-line StringLiteral: a sketch always holds REGISTERS digits (emptySketch, addToSketch keep its length), so the fallback is never read.
  const current = Number.parseInt(sketch[index] ?? '0', 36);
  // Stryker disable next-line EqualityOperator: an equal rank writes the digit the register already holds.
  if (rank <= current) return sketch;
  return `${sketch.slice(0, index)}${rank.toString(36)}${sketch.slice(index + 1)}`;
};

/** The HyperLogLog estimate, with linear counting for small cardinalities. */
export const estimateSketch = (sketch: string): number => {
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < REGISTERS; i++) {
    // Stryker disable next-line StringLiteral: a sketch always holds REGISTERS digits (emptySketch, addToSketch keep its length), so the fallback is never read.
    const rank = Number.parseInt(sketch[i] ?? '0', 36);
    sum += 2 ** -rank;
    if (rank === 0) zeros++;
  }
  const alpha = 0.7213 / (1 + 1.079 / REGISTERS);
  const raw = (alpha * REGISTERS * REGISTERS) / sum;
  if (
    // Stryker disable next-line EqualityOperator: `sum` is a multiple of 2^-35 (ranks stop at 35), and no such sum makes `raw` exactly 640 (every candidate near alpha·256²/640 checked), so `<` and `<=` never differ.
    raw <= 2.5 * REGISTERS &&
    zeros > 0
  )
    return Math.round(REGISTERS * Math.log(REGISTERS / zeros));
  return Math.round(raw);
};
