import { AffixIndex } from './affix-index.ts';
import { foldCase } from './case-folding.ts';
import type { ValueMatcher } from './compiled-pattern.ts';
import { type Interval, IntervalIndex } from './interval-index.ts';
import { parseIpAddress } from './ip-address.ts';
import { ipv4Number, NOT_IPV4 } from './ipv4-number.ts';
import type { Leaf } from './match-value.ts';
import { comparable, isComparableNumber } from './numbers.ts';

/** Where a leaf index reports each condition a leaf satisfies (the rule set's per-event state). */
export type MarkCondition = (condition: number) => void;

interface WildcardEntry {
  readonly regex: RegExp;
  readonly condition: number;
}

/** One lookup of a string leaf, made only for the kinds of matcher an index holds. */
type StringStep = (text: string, folded: string) => void;

/**
 * `anything-but` matchers of one kind, each an entry pointing at its condition: every entry holds for
 * a leaf except those whose values exclude it. Exclusion is per matcher, not per condition, since one
 * condition may list several `anything-but` matchers and needs only one of them to hold.
 */
class Complement<Excluders> {
  /** Per entry, its condition. */
  // Stryker disable next-line ArrayDeclaration: a made-up first entry only marks a condition id that does not exist, which selects no disjunct
  readonly conditions: number[] = [];
  /** Per entry, the leaf that excluded it last (a leaf number, so nothing is cleared between leaves). */
  #excludedBy = new Float64Array(0);
  #leaf = 0;
  constructor(readonly excluding: Excluders) {}

  add(condition: number): number {
    this.conditions.push(condition);
    return this.conditions.length - 1;
  }

  seal(): void {
    this.#excludedBy = new Float64Array(this.conditions.length);
  }

  /** Starts a leaf: no entry is excluded for it yet. */
  begin(): void {
    // Stryker disable next-line UpdateOperator: counting down also gives every leaf its own number, never the 0 the stamps start at
    this.#leaf++;
  }

  /** Excludes an entry for the current leaf (passed to lookups as a callback, so it is a field). */
  readonly exclude = (entry: number): void => {
    this.#excludedBy[entry] = this.#leaf;
  };

  excludeAll(entries: readonly number[] | undefined): void {
    // Stryker disable next-line EqualityOperator: one step past the end excludes entry undefined, which is no entry
    if (entries) for (let i = 0; i < entries.length; i++) this.exclude(entries[i] as number);
  }

  /** Marks the condition of every entry the current leaf did not exclude. */
  markUnexcluded(mark: MarkCondition): void {
    const { conditions } = this;
    const excludedBy = this.#excludedBy;
    const leaf = this.#leaf;
    // Stryker disable next-line EqualityOperator: one step past the end marks condition undefined, which anchors no disjunct
    for (let entry = 0; entry < conditions.length; entry++) {
      if (excludedBy[entry] !== leaf) mark(conditions[entry] as number);
    }
  }
}

const addTo = <Key>(map: Map<Key, number[]>, key: Key, condition: number): void => {
  const list = map.get(key);
  if (list) list.push(condition);
  else map.set(key, [condition]);
};

const markAll = (conditions: readonly number[] | undefined, mark: MarkCondition): void => {
  // Stryker disable next-line EqualityOperator: one step past the end marks condition undefined, which anchors no disjunct
  if (conditions) for (let i = 0; i < conditions.length; i++) mark(conditions[i] as number);
};

/**
 * Every value matcher of every rule at one event path, indexed by what it accepts: exact values and
 * case-folded values in hash maps, prefixes and suffixes in tries, numeric ranges and CIDR blocks
 * as interval slots, wildcards under their literal prefix or suffix. A leaf visits only the
 * conditions it can satisfy; `anything-but` conditions hold unless the leaf is among their values.
 * Sealing lists the lookups a string leaf needs, so a path holding one kind of matcher costs one lookup.
 */
export class LeafIndex {
  readonly #exact = new Map<string | boolean | null, number[]>();
  readonly #exactNumbers = new Map<number, number[]>();
  /** Numbers beyond EventBridge's comparable range only equal themselves. */
  readonly #exactLargeNumbers = new Map<number, number[]>();
  readonly #ignoreCase = new Map<string, number[]>();
  readonly #prefixes = new AffixIndex<number>('prefix');
  readonly #foldedPrefixes = new AffixIndex<number>('prefix');
  // Stryker disable next-line StringLiteral: AffixIndex reads every end but 'prefix' from the end of the text, so '' is a suffix index too
  readonly #suffixes = new AffixIndex<number>('suffix');
  // Stryker disable next-line StringLiteral: AffixIndex reads every end but 'prefix' from the end of the text, so '' is a suffix index too
  readonly #foldedSuffixes = new AffixIndex<number>('suffix');
  readonly #wildcardsByPrefix = new AffixIndex<WildcardEntry>('prefix');
  // Stryker disable next-line StringLiteral: AffixIndex reads every end but 'prefix' from the end of the text, so '' is a suffix index too
  readonly #wildcardsBySuffix = new AffixIndex<WildcardEntry>('suffix');
  // Stryker disable next-line ArrayDeclaration: a made-up range has no id, and marking an id that does not exist selects no disjunct
  readonly #numericRanges: Interval<number>[] = [];
  /** IPv4 ranges as plain numbers: comparing them needs no bigint. */
  // Stryker disable next-line ArrayDeclaration: a made-up range has no id, and marking an id that does not exist selects no disjunct
  readonly #ipv4Ranges: Interval<number>[] = [];
  // Stryker disable next-line ArrayDeclaration: a made-up range has no id, and marking an id that does not exist selects no disjunct
  readonly #ipv6Ranges: Interval<bigint>[] = [];
  // Stryker disable next-line ArrayDeclaration: seal() replaces this index before any lookup
  #numeric = new IntervalIndex<number>([]);
  // Stryker disable next-line ArrayDeclaration: seal() replaces this index before any lookup
  #ipv4 = new IntervalIndex<number>([]);
  // Stryker disable next-line ArrayDeclaration: seal() replaces this index before any lookup
  #ipv6 = new IntervalIndex<bigint>([]);
  // Stryker disable next-line ArrayDeclaration: a made-up entry only marks a condition id that does not exist, which selects no disjunct
  readonly #present: number[] = [];
  readonly #butStrings = new Complement(new Map<string, number[]>());
  readonly #butNumbers = new Complement(new Map<number, number[]>());
  readonly #butFolded = new Complement(new Map<string, number[]>());
  readonly #butPrefixes = new Complement(new AffixIndex<number>('prefix'));
  // Stryker disable next-line StringLiteral: AffixIndex reads every end but 'prefix' from the end of the text, so '' is a suffix index too
  readonly #butSuffixes = new Complement(new AffixIndex<number>('suffix'));
  readonly #butWildcards: { readonly regexes: readonly RegExp[]; readonly condition: number }[] = [];
  /** Conditions every leaf that is not a string satisfies: the string-only `anything-but`s. */
  // Stryker disable next-line ArrayDeclaration: seal() replaces the list before any lookup
  #stringComplements: number[] = [];
  // Stryker disable next-line ArrayDeclaration: seal() replaces the list before any lookup
  #stringSteps: StringStep[] = [];
  // Stryker disable next-line BooleanLiteral: seal() sets the flag before any lookup
  #needsFolding = false;
  /** The string leaf being looked up, for the wildcard callback. */
  // Stryker disable next-line StringLiteral: every wildcard step sets the text before its lookup reads it
  #text = '';
  readonly #testWildcard = (entry: WildcardEntry): void => {
    if (entry.regex.test(this.#text)) this.mark(entry.condition);
  };

  constructor(readonly mark: MarkCondition) {}

  /** Adds one matcher of a condition; `exists: false` is judged by the rule set, not here. */
  add(matcher: ValueMatcher, condition: number): void {
    switch (matcher.kind) {
      case 'exact':
        if (typeof matcher.value === 'number') {
          const n = matcher.value;
          if (isComparableNumber(n)) addTo(this.#exactNumbers, comparable(n), condition);
          else addTo(this.#exactLargeNumbers, n, condition);
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
        // The tries only pick the wildcards whose literal start or end the text has; each one picked is then
        // tested by its regex. One with neither is filed under the empty suffix, which every text ends with.
        const entry = { regex: matcher.regex, condition };
        // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: either trie picks a superset of the texts the regex accepts; the choice only narrows the regex tests
        if (matcher.prefix !== '') this.#wildcardsByPrefix.add(matcher.prefix, entry);
        else this.#wildcardsBySuffix.add(matcher.suffix, entry);
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

  /** Builds the interval slots and the string lookups once every matcher is added. */
  seal(): void {
    this.#numeric = new IntervalIndex(this.#numericRanges);
    this.#ipv4 = new IntervalIndex(this.#ipv4Ranges);
    this.#ipv6 = new IntervalIndex(this.#ipv6Ranges);
    for (const group of [
      this.#butStrings,
      this.#butNumbers,
      this.#butFolded,
      this.#butPrefixes,
      this.#butSuffixes,
    ]) {
      group.seal();
    }
    this.#stringComplements = [
      ...this.#butStrings.conditions,
      ...this.#butFolded.conditions,
      ...this.#butPrefixes.conditions,
      ...this.#butSuffixes.conditions,
      ...this.#butWildcards.map((entry) => entry.condition),
    ];
    this.#needsFolding =
      // Stryker disable next-line ConditionalExpression: folding a leaf that no folded matcher reads changes no verdict, only costs the fold
      this.#ignoreCase.size !== 0 ||
      this.#foldedPrefixes.size !== 0 ||
      this.#foldedSuffixes.size !== 0 ||
      this.#butFolded.conditions.length !== 0;
    this.#stringSteps = this.#buildStringSteps();
  }

  /** Marks every condition the leaf satisfies. */
  visit(leaf: Leaf): void {
    const present = this.#present;
    // Stryker disable next-line EqualityOperator: one step past the end marks condition undefined, which anchors no disjunct
    for (let i = 0; i < present.length; i++) this.mark(present[i] as number);
    if (typeof leaf === 'string') {
      const folded = this.#needsFolding ? foldCase(leaf) : leaf;
      const steps = this.#stringSteps;
      for (let i = 0; i < steps.length; i++) (steps[i] as StringStep)(leaf, folded);
    } else if (typeof leaf === 'number') {
      this.#visitNumber(leaf);
    } else {
      markAll(this.#exact.get(leaf), this.mark);
      markAll(this.#stringComplements, this.mark);
      markAll(this.#butNumbers.conditions, this.mark);
    }
  }

  #visitNumber(n: number): void {
    const { mark } = this;
    if (isComparableNumber(n)) {
      const key = comparable(n);
      markAll(this.#exactNumbers.get(key), mark);
      // Stryker disable next-line ConditionalExpression: an empty interval index covers nothing; the check spares the lookup on every number at a path without ranges
      if (this.#numeric.size !== 0) markAll(this.#numeric.covering(key), mark);
      const numbers = this.#butNumbers;
      // Stryker disable next-line ConditionalExpression: with no entries the exclusion finds and marks nothing; the check only saves a map lookup
      if (numbers.conditions.length !== 0) {
        numbers.begin();
        numbers.excludeAll(numbers.excluding.get(key));
        numbers.markUnexcluded(mark);
      }
    } else {
      markAll(this.#exactLargeNumbers.get(n), mark);
      markAll(this.#butNumbers.conditions, mark);
    }
    markAll(this.#stringComplements, mark);
  }

  /** The lookups a string leaf needs here, one per kind of matcher the index holds. */
  #buildStringSteps(): StringStep[] {
    const { mark } = this;
    const steps: StringStep[] = [];
    const stepFor = (entries: number, step: StringStep): void => {
      // Stryker disable next-line ConditionalExpression: a lookup among no entries finds nothing; leaving it out only saves its cost
      if (entries !== 0) steps.push(step);
    };
    const exact = this.#exact;
    stepFor(exact.size, (text) => markAll(exact.get(text), mark));
    for (const affixes of [this.#prefixes, this.#suffixes]) {
      stepFor(affixes.size, (text) => affixes.forEachMatch(text, mark));
    }
    for (const wildcards of [this.#wildcardsByPrefix, this.#wildcardsBySuffix]) {
      stepFor(wildcards.size, (text) => {
        this.#text = text;
        wildcards.forEachMatch(text, this.#testWildcard);
      });
    }
    stepFor(this.#ipv4.size + this.#ipv6.size, (text) => this.#lookUpAddress(text));
    const ignoreCase = this.#ignoreCase;
    stepFor(ignoreCase.size, (_text, folded) => markAll(ignoreCase.get(folded), mark));
    for (const affixes of [this.#foldedPrefixes, this.#foldedSuffixes]) {
      stepFor(affixes.size, (_text, folded) => affixes.forEachMatch(folded, mark));
    }
    // A string is never among the numbers an `anything-but` list excludes.
    const numberComplements = this.#butNumbers.conditions;
    stepFor(numberComplements.length, () => markAll(numberComplements, mark));
    const strings = this.#butStrings;
    stepFor(strings.conditions.length, (text) => {
      strings.begin();
      strings.excludeAll(strings.excluding.get(text));
      strings.markUnexcluded(mark);
    });
    const folded = this.#butFolded;
    stepFor(folded.conditions.length, (_text, foldedText) => {
      folded.begin();
      folded.excludeAll(folded.excluding.get(foldedText));
      folded.markUnexcluded(mark);
    });
    for (const affixes of [this.#butPrefixes, this.#butSuffixes]) {
      stepFor(affixes.conditions.length, (text) => {
        affixes.begin();
        affixes.excluding.forEachMatch(text, affixes.exclude);
        affixes.markUnexcluded(mark);
      });
    }
    const butWildcards = this.#butWildcards;
    stepFor(butWildcards.length, (text) => {
      for (const entry of butWildcards) {
        if (!entry.regexes.some((regex) => regex.test(text))) mark(entry.condition);
      }
    });
    return steps;
  }

  #lookUpAddress(text: string): void {
    const v4 = ipv4Number(text);
    // An empty interval index covers nothing, so only the IPv6 parse is worth skipping.
    if (v4 !== NOT_IPV4) {
      markAll(this.#ipv4.covering(v4), this.mark);
      return;
    }
    // Stryker disable next-line ConditionalExpression: with no IPv6 ranges the lookup finds nothing; the check only saves the parse
    if (this.#ipv6.size === 0) return;
    const address = parseIpAddress(text);
    if (address?.version === 6) markAll(this.#ipv6.covering(address.value), this.mark);
  }
}
