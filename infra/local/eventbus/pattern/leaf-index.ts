import { AffixIndex } from './affix-index.ts';
import { foldCase } from './case-folding.ts';
import type { ValueMatcher } from './compiled-pattern.ts';
import { type Interval, IntervalIndex } from './interval-index.ts';
import { parseIpAddress } from './ip-address.ts';
import { ipv4Number, NOT_IPV4 } from './ipv4-number.ts';
import type { Leaf } from './match-value.ts';
import { comparable, isComparableNumber } from './numbers.ts';

/** Where a leaf index reports the conditions a leaf satisfies (the rule set's per-event state). */
export interface ConditionMarker {
  mark(condition: number): void;
}

interface WildcardEntry {
  readonly regex: RegExp;
  readonly condition: number;
}

/**
 * `anything-but` matchers of one kind, each an entry pointing at its condition: every entry holds for
 * a leaf except those whose values exclude it. Exclusion is per matcher, not per condition, since one
 * condition may list several `anything-but` matchers and needs only one of them to hold.
 */
class Complement<Excluders> {
  /** Per entry, its condition. */
  readonly conditions: number[] = [];
  /** Per entry, the token of the leaf that excluded it last. */
  excludedBy = new Float64Array(0);
  constructor(readonly excluding: Excluders) {}

  add(condition: number): number {
    this.conditions.push(condition);
    return this.conditions.length - 1;
  }

  seal(): void {
    this.excludedBy = new Float64Array(this.conditions.length);
  }
}

const addTo = <Key>(map: Map<Key, number[]>, key: Key, condition: number): void => {
  const list = map.get(key);
  if (list) list.push(condition);
  else map.set(key, [condition]);
};

/**
 * Every value matcher of every rule at one event path, indexed by what it accepts: exact values and
 * case-folded values in hash maps, prefixes and suffixes by length, numeric ranges and CIDR blocks
 * as interval slots, wildcards under their literal prefix or suffix. A leaf visits only the
 * conditions it can satisfy; `anything-but` conditions hold unless the leaf is among their values.
 */
export class LeafIndex {
  readonly #exact = new Map<string | boolean | null, number[]>();
  readonly #exactNumbers = new Map<number, number[]>();
  /** Numbers beyond EventBridge's comparable range only equal themselves. */
  readonly #exactLargeNumbers = new Map<number, number[]>();
  readonly #ignoreCase = new Map<string, number[]>();
  readonly #prefixes = new AffixIndex<number>('prefix');
  readonly #foldedPrefixes = new AffixIndex<number>('prefix');
  readonly #suffixes = new AffixIndex<number>('suffix');
  readonly #foldedSuffixes = new AffixIndex<number>('suffix');
  readonly #wildcardsByPrefix = new AffixIndex<WildcardEntry>('prefix');
  readonly #wildcardsBySuffix = new AffixIndex<WildcardEntry>('suffix');
  readonly #wildcardsUnanchored: WildcardEntry[] = [];
  readonly #numericRanges: Interval<number>[] = [];
  /** IPv4 ranges as plain numbers: comparing them needs no bigint. */
  readonly #ipv4Ranges: Interval<number>[] = [];
  readonly #ipv6Ranges: Interval<bigint>[] = [];
  #numeric = new IntervalIndex<number>([]);
  #ipv4 = new IntervalIndex<number>([]);
  #ipv6 = new IntervalIndex<bigint>([]);
  readonly #present: number[] = [];
  readonly #butStrings = new Complement(new Map<string, number[]>());
  readonly #butNumbers = new Complement(new Map<number, number[]>());
  readonly #butFolded = new Complement(new Map<string, number[]>());
  readonly #butPrefixes = new Complement(new AffixIndex<number>('prefix'));
  readonly #butSuffixes = new Complement(new AffixIndex<number>('suffix'));
  readonly #butWildcards: { readonly regexes: readonly RegExp[]; readonly condition: number }[] = [];
  #marker: ConditionMarker | undefined;
  readonly #markMatch = (condition: number): void => this.#marker?.mark(condition);
  #excluding: Complement<unknown> | undefined;
  readonly #exclude = (entry: number): void => {
    if (this.#excluding) this.#excluding.excludedBy[entry] = this.#token;
  };
  readonly #testWildcard = (entry: WildcardEntry): void => {
    if (entry.regex.test(this.#text)) this.#marker?.mark(entry.condition);
  };
  #token = 0;
  #text = '';
  #folded = '';
  #needsFolding = false;
  // Exclusion steps made once, so matching a leaf allocates nothing.
  readonly #excludeText = (excluding: Map<string, number[]>): void =>
    this.#excludeEntries(excluding.get(this.#text));
  readonly #excludeFolded = (excluding: Map<string, number[]>): void =>
    this.#excludeEntries(excluding.get(this.#folded));
  readonly #excludeTextAffixes = (excluding: AffixIndex<number>): void =>
    excluding.forEachMatch(this.#text, this.#exclude);
  #numberKeyNow = 0;
  readonly #excludeNumber = (excluding: Map<number, number[]>): void =>
    this.#excludeEntries(excluding.get(this.#numberKeyNow));

  /** Adds one matcher of a condition; `exists: false` is judged by the rule set, not here. */
  add(matcher: ValueMatcher, condition: number): void {
    switch (matcher.kind) {
      case 'exact':
        if (typeof matcher.value === 'number') {
          const n = matcher.value;
          addTo(
            isComparableNumber(n) ? this.#exactNumbers : this.#exactLargeNumbers,
            this.#numberKey(n),
            condition,
          );
        } else {
          addTo(this.#exact, matcher.value, condition);
        }
        return;
      case 'exact-ip':
      case 'cidr': {
        const { version, first, last } = matcher.range;
        if (version === 4) {
          this.#ipv4Ranges.push({
            lower: { value: Number(first), inclusive: true },
            upper: { value: Number(last), inclusive: true },
            id: condition,
          });
        } else {
          this.#ipv6Ranges.push({
            lower: { value: first, inclusive: true },
            upper: { value: last, inclusive: true },
            id: condition,
          });
        }
        return;
      }
      case 'prefix':
        if (matcher.ignoreCase) this.#foldedPrefixes.add(foldCase(matcher.value), condition);
        else this.#prefixes.add(matcher.value, condition);
        return;
      case 'suffix':
        if (matcher.ignoreCase) this.#foldedSuffixes.add(foldCase(matcher.value), condition);
        else this.#suffixes.add(matcher.value, condition);
        return;
      case 'equals-ignore-case':
        addTo(this.#ignoreCase, foldCase(matcher.value), condition);
        return;
      case 'wildcard': {
        const entry = { regex: matcher.regex, condition };
        if (matcher.prefix !== '') this.#wildcardsByPrefix.add(matcher.prefix, entry);
        else if (matcher.suffix !== '') this.#wildcardsBySuffix.add(matcher.suffix, entry);
        else this.#wildcardsUnanchored.push(entry);
        return;
      }
      case 'numeric':
        this.#numericRanges.push({ lower: matcher.lower, upper: matcher.upper, id: condition });
        return;
      case 'exists':
        if (matcher.exists) this.#present.push(condition);
        return;
      case 'anything-but': {
        const entry = this.#butStrings.add(condition);
        for (const value of matcher.strings) addTo(this.#butStrings.excluding, value, entry);
        return;
      }
      case 'anything-but-numbers': {
        const entry = this.#butNumbers.add(condition);
        for (const value of matcher.numbers) addTo(this.#butNumbers.excluding, value, entry);
        return;
      }
      case 'anything-but-ignore-case': {
        const entry = this.#butFolded.add(condition);
        for (const value of matcher.values) addTo(this.#butFolded.excluding, value, entry);
        return;
      }
      case 'anything-but-prefix': {
        const entry = this.#butPrefixes.add(condition);
        for (const value of matcher.values) this.#butPrefixes.excluding.add(value, entry);
        return;
      }
      case 'anything-but-suffix': {
        const entry = this.#butSuffixes.add(condition);
        for (const value of matcher.values) this.#butSuffixes.excluding.add(value, entry);
        return;
      }
      case 'anything-but-wildcard':
        this.#butWildcards.push({ regexes: matcher.regexes, condition });
        return;
    }
  }

  /** Builds the interval slots once every matcher is added. */
  seal(): void {
    this.#numeric = new IntervalIndex(this.#numericRanges);
    this.#ipv4 = new IntervalIndex(this.#ipv4Ranges);
    this.#ipv6 = new IntervalIndex(this.#ipv6Ranges);
    this.#needsFolding =
      this.#ignoreCase.size > 0 ||
      this.#foldedPrefixes.size > 0 ||
      this.#foldedSuffixes.size > 0 ||
      this.#butFolded.conditions.length > 0;
    for (const group of [
      this.#butStrings,
      this.#butNumbers,
      this.#butFolded,
      this.#butPrefixes,
      this.#butSuffixes,
    ]) {
      group.seal();
    }
  }

  /** Marks every condition the leaf satisfies. */
  visit(leaf: Leaf, marker: ConditionMarker): void {
    this.#marker = marker;
    for (const condition of this.#present) marker.mark(condition);
    if (typeof leaf === 'string') this.#visitString(leaf, marker);
    else if (typeof leaf === 'number') this.#visitNumber(leaf, marker);
    else {
      this.#markAll(this.#exact.get(leaf), marker);
      this.#passStringComplements(marker);
      this.#markAll(this.#butNumbers.conditions, marker);
    }
    this.#marker = undefined;
  }

  #numberKey(n: number): number {
    return isComparableNumber(n) ? comparable(n) : n;
  }

  #markAll(conditions: readonly number[] | undefined, marker: ConditionMarker): void {
    if (conditions) for (const condition of conditions) marker.mark(condition);
  }

  /** Marks the condition of every entry of the group that `exclude` leaves unexcluded for this leaf. */
  #markUnexcluded<Excluders>(
    group: Complement<Excluders>,
    marker: ConditionMarker,
    exclude: (excluding: Excluders) => void,
  ): void {
    const { conditions } = group;
    if (conditions.length === 0) return;
    this.#token++;
    this.#excluding = group as Complement<unknown>;
    exclude(group.excluding);
    const { excludedBy } = group;
    const token = this.#token;
    for (let entry = 0; entry < conditions.length; entry++) {
      if (excludedBy[entry] !== token) marker.mark(conditions[entry] as number);
    }
  }

  #excludeEntries(entries: readonly number[] | undefined): void {
    if (entries) for (const entry of entries) this.#exclude(entry);
  }

  /** Every string-only `anything-but` holds for a leaf that is not a string. */
  #passStringComplements(marker: ConditionMarker): void {
    this.#markAll(this.#butStrings.conditions, marker);
    this.#markAll(this.#butFolded.conditions, marker);
    this.#markAll(this.#butPrefixes.conditions, marker);
    this.#markAll(this.#butSuffixes.conditions, marker);
    for (const entry of this.#butWildcards) marker.mark(entry.condition);
  }

  #visitNumber(n: number, marker: ConditionMarker): void {
    if (isComparableNumber(n)) {
      const key = comparable(n);
      this.#markAll(this.#exactNumbers.get(key), marker);
      if (this.#numeric.size > 0) this.#markAll(this.#numeric.covering(key), marker);
      this.#numberKeyNow = key;
      this.#markUnexcluded(this.#butNumbers, marker, this.#excludeNumber);
    } else {
      this.#markAll(this.#exactLargeNumbers.get(n), marker);
      this.#markAll(this.#butNumbers.conditions, marker);
    }
    this.#passStringComplements(marker);
  }

  #visitString(text: string, marker: ConditionMarker): void {
    this.#text = text;
    this.#markAll(this.#exact.get(text), marker);
    this.#prefixes.forEachMatch(text, this.#markMatch);
    this.#suffixes.forEachMatch(text, this.#markMatch);
    this.#wildcardsByPrefix.forEachMatch(text, this.#testWildcard);
    this.#wildcardsBySuffix.forEachMatch(text, this.#testWildcard);
    for (const entry of this.#wildcardsUnanchored) this.#testWildcard(entry);
    if (this.#ipv4.size > 0 || this.#ipv6.size > 0) {
      const v4 = ipv4Number(text);
      if (v4 !== NOT_IPV4) {
        if (this.#ipv4.size > 0) this.#markAll(this.#ipv4.covering(v4), marker);
      } else if (this.#ipv6.size > 0) {
        const address = parseIpAddress(text);
        if (address?.version === 6) this.#markAll(this.#ipv6.covering(address.value), marker);
      }
    }
    const folded = this.#needsFolding ? foldCase(text) : text;
    this.#folded = folded;
    if (this.#needsFolding) {
      this.#markAll(this.#ignoreCase.get(folded), marker);
      this.#foldedPrefixes.forEachMatch(folded, this.#markMatch);
      this.#foldedSuffixes.forEachMatch(folded, this.#markMatch);
    }
    this.#markAll(this.#butNumbers.conditions, marker);
    this.#markUnexcluded(this.#butStrings, marker, this.#excludeText);
    this.#markUnexcluded(this.#butFolded, marker, this.#excludeFolded);
    this.#markUnexcluded(this.#butPrefixes, marker, this.#excludeTextAffixes);
    this.#markUnexcluded(this.#butSuffixes, marker, this.#excludeTextAffixes);
    for (const entry of this.#butWildcards) {
      if (!entry.regexes.some((regex) => regex.test(text))) marker.mark(entry.condition);
    }
  }
}
