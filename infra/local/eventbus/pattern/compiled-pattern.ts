import type { IpRange } from './ip-address.ts';

/** One bound of a numeric range, in comparable millionths (see numbers.ts). */
export interface NumericBound {
  readonly value: number;
  readonly inclusive: boolean;
}

/** One element of a field's value list: the field matches when any of its matchers does. */
export type ValueMatcher =
  | { readonly kind: 'exact'; readonly value: string | number | boolean | null }
  | { readonly kind: 'exact-ip'; readonly text: string; readonly range: IpRange }
  | { readonly kind: 'prefix'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'suffix'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'equals-ignore-case'; readonly value: string }
  | {
      readonly kind: 'wildcard';
      readonly regex: RegExp;
      /** Literal text every match starts / ends with, which lets a rule set index wildcards. */
      readonly prefix: string;
      readonly suffix: string;
    }
  | { readonly kind: 'numeric'; readonly lower?: NumericBound; readonly upper?: NumericBound }
  | { readonly kind: 'cidr'; readonly range: IpRange }
  | { readonly kind: 'exists'; readonly exists: boolean }
  | { readonly kind: 'anything-but'; readonly strings: ReadonlySet<string> }
  | { readonly kind: 'anything-but-numbers'; readonly numbers: readonly number[] }
  | { readonly kind: 'anything-but-prefix'; readonly values: readonly string[] }
  | { readonly kind: 'anything-but-suffix'; readonly values: readonly string[] }
  | { readonly kind: 'anything-but-ignore-case'; readonly values: ReadonlySet<string> }
  | { readonly kind: 'anything-but-wildcard'; readonly regexes: readonly RegExp[] };

/** A field of a pattern object: a list of value matchers (a leaf) or a nested pattern object. */
export type CompiledField =
  | {
      readonly key: string;
      /** Field names from the event root, `$or` left out, used by `exists: false`. */
      readonly path: readonly string[];
      readonly kind: 'leaf';
      readonly matchers: readonly ValueMatcher[];
    }
  | { readonly key: string; readonly kind: 'object'; readonly object: CompiledObject };

/** A pattern object: every field must match (AND), and in every `$or` group some branch must. */
export interface CompiledObject {
  readonly fields: readonly CompiledField[];
  readonly anyOf: readonly (readonly CompiledObject[])[];
}

/** A validated, ready-to-match event pattern. */
export interface CompiledPattern {
  readonly root: CompiledObject;
  /** The pattern as given, for ListRules / DescribeRule. */
  readonly source: Readonly<Record<string, unknown>>;
}
