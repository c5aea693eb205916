/**
 * A value present in the source that a mapping could not convert (a quantity of `"12 Stk."`, a status its
 * lookup does not know): the canonical field it was meant for, the source path it came from and the raw value,
 * so a quarantine reason names what a person has to fix at the source.
 */
export interface ConversionProblem {
  /** The canonical field, as a person writes it: `lines[0].quantity`. */
  readonly field: string;
  /** The source path the value was read from, when the mapping reads one. */
  readonly source: string | undefined;
  readonly raw: unknown;
  /** What the conversion accepts: `a number`, `one of "A", "B"`. */
  readonly expected: string;
}

const MAX_SHOWN = 80;

/** The raw value as JSON, cut short so a reason stays one readable line. */
const show = (raw: unknown): string => {
  const text = JSON.stringify(raw) ?? String(raw);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
};

const leafOf = (field: string): string =>
  field
    .replace(/\[\d+\]$/, '')
    .split(/[.[\]]/)
    .filter(Boolean)
    .at(-1) ?? '';

/** `lines[0].quantity: "12 Stk." is not a number (source RequestedQuantity)`; the source is named when it differs. */
export const describeConversionProblem = (problem: ConversionProblem): string => {
  const from =
    problem.source !== undefined && problem.source !== leafOf(problem.field)
      ? ` (source ${problem.source})`
      : '';
  return `${problem.field}: ${show(problem.raw)} is not ${problem.expected}${from}`;
};
