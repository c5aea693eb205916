import { chooseAnchor, conditionRank } from './anchor-choice.ts';
import type { CompiledPattern, ValueMatcher } from './compiled-pattern.ts';
import { type Condition, disjunctsOf } from './disjuncts.ts';
import { isJsonObject } from './json-kinds.ts';
import { LeafIndex, type MarkCondition } from './leaf-index.ts';
import { compileAnyLeafTest, type LeafTest } from './leaf-test.ts';
import { matchesEventPattern } from './match.ts';
import type { Leaf } from './match-value.ts';

/** A field path of some rule; the event is walked along these nodes only. */
interface PathNode {
  readonly children: Map<string, PathNode>;
  /** The children as lists, walked instead of the event's keys when there are few. */
  childKeys: string[];
  childNodes: PathNode[];
  /** Proper ancestors, root excluded: where an array of objects makes array elements matter. */
  readonly ancestors: readonly PathNode[];
  /** The matchers of the conditions indexed (anchored) here. */
  index: LeafIndex | undefined;
  /** Whether a condition checked after the walk reads this node's leaves. */
  keepsLeaves: boolean;
  /** The leaves of the current event at this path (the first `leafCount`), reused from event to event. */
  readonly leaves: Leaf[];
  leafCount: number;
  /** Event number in which a leaf was seen at this path. */
  seenIn: number;
  /** Event number in which an array holding objects was seen at this path. */
  arrayIn: number;
}

const newNode = (ancestors: readonly PathNode[]): PathNode => ({
  children: new Map(),
  // Stryker disable next-line ArrayDeclaration: #seal replaces the list before any walk
  childKeys: [],
  // Stryker disable next-line ArrayDeclaration: #seal replaces the list before any walk
  childNodes: [],
  ancestors,
  index: undefined,
  // Stryker disable next-line BooleanLiteral: keeping leaves no condition reads only costs memory
  keepsLeaves: false,
  // Stryker disable next-line ArrayDeclaration: leaves are written from index 0 before any is read (leafCount)
  leaves: [],
  leafCount: 0,
  seenIn: 0,
  arrayIn: 0,
});

const conditionKey = (condition: Condition): string =>
  JSON.stringify([condition.path, condition.matchers], (_key, value: unknown) => {
    if (value instanceof Set) return [...value];
    if (value instanceof RegExp) return `${value.source}/${value.flags}`;
    if (typeof value === 'bigint') return value.toString();
    return value;
  });

const acceptsAbsence = (matchers: readonly ValueMatcher[]): boolean =>
  // Stryker disable next-line ConditionalExpression,LogicalOperator: taking any condition for one that may be absent only judges it after the walk and re-checks its rules, with the same verdicts
  matchers.some((m) => m.kind === 'exists' && !m.exists);

/** Lists of numbers as one array and where each list starts (the last start is the total length). */
const flatLists = (
  lists: readonly (readonly number[])[],
): [Int32Array<ArrayBuffer>, Int32Array<ArrayBuffer>] => {
  const from = new Int32Array(lists.length + 1);
  lists.forEach((list, i) => {
    from[i + 1] = (from[i] as number) + list.length;
  });
  const flat = new Int32Array(from[lists.length] as number);
  lists.forEach((list, i) => {
    flat.set(list, from[i]);
  });
  return [from, flat];
};

const hasEnumerable = (object: object): boolean => {
  for (const _ in object) return true;
  // Stryker disable next-line BooleanLiteral: answering true only sends every object down the slower walk, which visits the same fields
  return false;
};

/** Bits of a condition's `exists` matchers. */
const EXISTS_TRUE = 1;
const EXISTS_FALSE = 2;

/** Up to this many children, an object is walked along the rules' field names rather than its own. */
const FEW_CHILDREN = 8;

/** Up to this many matches, sorting them beats reading every rule's stamp. */
const FEW_MATCHES = 32;

/**
 * All rules of a bus compiled into one matching structure, after AWS's Event Ruler: every pattern is
 * multiplied out into disjuncts (one per `$or` choice), each field's value list becomes a condition
 * shared by every rule that has it, and every disjunct is indexed under one of its conditions (its
 * anchor, the one expected to hold least often) in a per-path index of the values the anchors accept
 * (hash, prefix, interval lookups; `anything-but` by exclusion). Matching walks only the event's
 * fields some rule names, keeping their leaves; each disjunct whose anchor holds then checks its other
 * conditions against those leaves, each condition judged at most once per event. So an event costs
 * its walk plus the disjuncts its selective values pick, not the rule count. Only where the event has
 * an array of objects under two of a disjunct's fields (or under an `exists: false` field) is the rule
 * re-checked with the per-pattern matcher, because only there can values from different array elements
 * be combined.
 */
export class EventRuleSet<Rule> {
  readonly #rules: readonly Rule[];
  readonly #patterns: readonly CompiledPattern[];
  // Stryker disable next-line ArrayDeclaration: the root's ancestors are never read (#nodeAt starts each path's list afresh)
  readonly #root = newNode([]);
  /** Per condition: its path, its value list, and the disjuncts anchored on it. */
  readonly #conditionNode: PathNode[] = [];
  readonly #conditionMatchers: (readonly ValueMatcher[])[] = [];
  /** The disjuncts anchored on each condition c: `#anchored[#anchoredFrom[c] .. #anchoredFrom[c + 1]]`. */
  #anchoredFrom = new Int32Array(1);
  #anchored = new Int32Array(0);
  /** Per condition: its value matchers as one test, and which `exists` matchers it lists (EXISTS_* bits). */
  readonly #conditionTest: (LeafTest | undefined)[] = [];
  readonly #conditionExists: number[] = [];
  /** Anchors that hold when their field is absent: judged after the walk, not by a leaf. */
  readonly #absenceAnchors: number[] = [];
  /** Per disjunct: its rule, its conditions besides the anchor, and where array elements matter to it. */
  #disjunctRule = new Int32Array(0);
  /** The other conditions of each disjunct d: `#rest[#restFrom[d] .. #restFrom[d + 1]]`. */
  #restFrom = new Int32Array(1);
  #rest = new Int32Array(0);
  readonly #disjunctArrayPaths: (readonly PathNode[])[] = [];
  /** Rules too large to multiply out; checked one by one. */
  readonly #unexpanded: number[] = [];
  /**
   * Per-event state, stamped with the event number so nothing is cleared or allocated per event: a
   * condition's verdict is the event number when it holds and its negation when it does not.
   */
  #verdictIn = new Float64Array(0);
  #anchorFiredIn = new Float64Array(0);
  /** The disjuncts whose anchor holds for this event (the first `#candidateCount`). */
  #candidates = new Int32Array(0);
  #candidateCount = 0;
  readonly #ruleMatchedIn: Float64Array;
  readonly #ruleCheckedIn: Float64Array;
  readonly #ruleVerdict: Uint8Array;
  #matched = new Int32Array(16);
  readonly #mark: MarkCondition = (condition) => this.#anchorHolds(condition);
  #event = 0;
  // Stryker disable next-line BooleanLiteral: every event resets the flag before the walk
  #sawArrays = false;
  /** Whether plain objects inherit nothing enumerable, so for-in yields only their own keys (checked per event). */
  // Stryker disable next-line BooleanLiteral: every event sets the flag before the walk
  #plainObjectsOwnAll = true;

  constructor(rules: readonly Rule[], patternOf: (rule: Rule) => CompiledPattern) {
    this.#rules = rules;
    this.#patterns = rules.map(patternOf);
    this.#ruleMatchedIn = new Float64Array(rules.length);
    this.#ruleCheckedIn = new Float64Array(rules.length);
    this.#ruleVerdict = new Uint8Array(rules.length);
    this.#compile();
  }

  /** The rules whose patterns match the event, in the order they were given. */
  match(event: unknown): Rule[] {
    const count = this.#matchingRuleIndexes(event);
    const matched = this.#matched;
    // Stryker disable next-line ArrayDeclaration: the loop below fills every slot either way
    const rules: Rule[] = new Array(count);
    for (let i = 0; i < count; i++) rules[i] = this.#rules[matched[i] as number] as Rule;
    return rules;
  }

  #compile(): void {
    const conditionIds = new Map<string, number>();
    const disjunctConditions: number[][] = [];
    const disjunctRule: number[] = [];
    // Stryker disable next-line ArrayDeclaration: only breaks ties in the anchor choice, and any anchor gives the same matches
    const sharedBy: number[] = [];
    this.#patterns.forEach((pattern, rule) => {
      const disjuncts = disjunctsOf(pattern);
      // Stryker disable next-line ConditionalExpression: a rule checked one by one gets the per-pattern matcher's verdict, the same as its disjuncts'
      if (!disjuncts) {
        this.#unexpanded.push(rule);
        return;
      }
      for (const disjunct of disjuncts) {
        const conditions = [...new Set(disjunct.map((c) => this.#conditionId(c, conditionIds)))];
        // Stryker disable next-line ArithmeticOperator,LogicalOperator: only breaks ties in the anchor choice, and any anchor gives the same matches
        for (const condition of conditions) sharedBy[condition] = (sharedBy[condition] ?? 0) + 1;
        disjunctConditions.push(conditions);
        disjunctRule.push(rule);
        this.#disjunctArrayPaths.push(this.#arraySensitivePaths(disjunct));
      }
    });
    const conditionCount = this.#conditionMatchers.length;
    const ranks = this.#conditionMatchers.map(conditionRank);
    const anchoredOn: number[][] = Array.from({ length: conditionCount }, () => []);
    const rests: number[][] = [];
    disjunctConditions.forEach((conditions, disjunct) => {
      const anchor = chooseAnchor(
        conditions,
        // Stryker disable next-line ArrowFunction: only guides the anchor choice, and any anchor gives the same matches
        (c) => ranks[c] as number,
        // Stryker disable next-line ArrowFunction: only guides the anchor choice, and any anchor gives the same matches
        (c) => sharedBy[c] as number,
      );
      // Stryker disable next-line OptionalChaining: every condition has its list
      anchoredOn[anchor]?.push(disjunct);
      // Stryker disable next-line MethodExpression,ConditionalExpression: the anchor held when its disjunct was queued, so judging it again among the rest changes nothing
      const rest = conditions.filter((c) => c !== anchor);
      for (const condition of rest) (this.#conditionNode[condition] as PathNode).keepsLeaves = true;
      rests.push(rest);
    });
    anchoredOn.forEach((disjuncts, condition) => {
      // Stryker disable next-line ConditionalExpression: an indexed condition anchoring nothing only gets its verdict early, the one it would be judged to have
      if (disjuncts.length !== 0) this.#indexAnchor(condition);
    });
    this.#seal(this.#root);
    [this.#anchoredFrom, this.#anchored] = flatLists(anchoredOn);
    [this.#restFrom, this.#rest] = flatLists(rests);
    this.#disjunctRule = Int32Array.from(disjunctRule);
    this.#verdictIn = new Float64Array(conditionCount);
    this.#anchorFiredIn = new Float64Array(conditionCount);
    this.#candidates = new Int32Array(disjunctRule.length);
  }

  #matchingRuleIndexes(event: unknown): number {
    // Stryker disable next-line UpdateOperator: counting down also numbers every event apart; stamps are only compared with this event's number
    const now = ++this.#event;
    // Stryker disable next-line BooleanLiteral: assuming arrays only sends more rules to the per-pattern re-check, which gives the same verdict
    this.#sawArrays = false;
    this.#candidateCount = 0;
    this.#plainObjectsOwnAll = !hasEnumerable(Object.prototype);
    if (isJsonObject(event)) this.#visitObject(event, this.#root);
    for (const condition of this.#absenceAnchors) {
      if (this.#judge(condition)) this.#anchorHolds(condition);
    }
    const matchedIn = this.#ruleMatchedIn;
    const candidates = this.#candidates;
    const disjunctRule = this.#disjunctRule;
    let count = 0;
    for (let c = 0; c < this.#candidateCount; c++) {
      const disjunct = candidates[c] as number;
      const rule = disjunctRule[disjunct] as number;
      if (matchedIn[rule] === now || !this.#restHolds(disjunct)) continue;
      const paths = this.#disjunctArrayPaths[disjunct] as readonly PathNode[];
      // The flag and the length only spare the look at the paths; a needless re-check gives the same verdict.
      // Stryker disable next-line ConditionalExpression,LogicalOperator: re-checking more rules with the per-pattern matcher gives the same verdicts
      const mayMixElements = this.#sawArrays && paths.length !== 0 && this.#underArray(paths);
      if (mayMixElements && !this.#verified(rule, event)) continue;
      matchedIn[rule] = now;
      count = this.#addMatch(rule, count);
    }
    // A rule left unexpanded has no disjuncts, so nothing above has matched it.
    for (const rule of this.#unexpanded) {
      if (matchesEventPattern(this.#patterns[rule] as CompiledPattern, event)) {
        matchedIn[rule] = now;
        count = this.#addMatch(rule, count);
      }
    }
    this.#sortMatches(count);
    return count;
  }

  #addMatch(rule: number, count: number): number {
    if (count === this.#matched.length) {
      const grown = new Int32Array(count * 2);
      grown.set(this.#matched);
      this.#matched = grown;
    }
    this.#matched[count] = rule;
    return count + 1;
  }

  /**
   * Puts the matches in the order the rules were given: a few by insertion, many by reading the rules
   * off in order (every match is stamped with this event), which costs the rule count but no sort.
   */
  #sortMatches(count: number): void {
    const matched = this.#matched;
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: either way puts the matches in rule order; the limit only picks the faster one
    if (count <= FEW_MATCHES) {
      for (let i = 1; i < count; i++) {
        const rule = matched[i] as number;
        let at = i;
        // Stryker disable next-line ConditionalExpression,EqualityOperator: before slot 0 the read is undefined, which is not greater; matched rules are distinct, so never equal
        while (at > 0 && (matched[at - 1] as number) > rule) {
          matched[at] = matched[at - 1] as number;
          at--;
        }
        matched[at] = rule;
      }
      return;
    }
    const now = this.#event;
    const matchedIn = this.#ruleMatchedIn;
    let next = 0;
    // Stryker disable next-line EqualityOperator: one step past the end reads undefined, which is no event's number
    for (let rule = 0; rule < matchedIn.length; rule++) if (matchedIn[rule] === now) matched[next++] = rule;
  }

  /** Called by the indexes for every anchor a leaf satisfies: its disjuncts become candidates. */
  #anchorHolds(condition: number): void {
    const now = this.#event;
    if (this.#anchorFiredIn[condition] === now) return;
    this.#anchorFiredIn[condition] = now;
    this.#verdictIn[condition] = now;
    // Each disjunct has one anchor, which fires at most once per event: no disjunct is queued twice.
    const anchored = this.#anchored;
    const candidates = this.#candidates;
    let count = this.#candidateCount;
    const end = this.#anchoredFrom[condition + 1] as number;
    for (let i = this.#anchoredFrom[condition] as number; i < end; i++)
      candidates[count++] = anchored[i] as number;
    this.#candidateCount = count;
  }

  #restHolds(disjunct: number): boolean {
    const rest = this.#rest;
    const end = this.#restFrom[disjunct + 1] as number;
    for (let i = this.#restFrom[disjunct] as number; i < end; i++)
      if (!this.#judge(rest[i] as number)) return false;
    return true;
  }

  /** Whether the condition holds for the current event, judged once from the leaves the walk kept. */
  #judge(condition: number): boolean {
    const now = this.#event;
    const verdict = this.#verdictIn[condition] as number;
    // The stamps only spare judging a condition twice: judging it again from the same leaves gives the same verdict.
    // Stryker disable next-line ConditionalExpression: see above
    if (verdict === now) return true;
    // Stryker disable next-line ConditionalExpression,UnaryOperator: see above
    if (verdict === -now) return false;
    const node = this.#conditionNode[condition] as PathNode;
    const leafCount = node.seenIn === now ? node.leafCount : 0;
    const exists = this.#conditionExists[condition] as number;
    let holds =
      ((exists & EXISTS_TRUE) !== 0 && leafCount > 0) ||
      // Possibly absent from one array element: the re-check with the per-pattern matcher decides.
      ((exists & EXISTS_FALSE) !== 0 &&
        (leafCount === 0 || (this.#sawArrays && this.#underArray(node.ancestors))));
    const test = this.#conditionTest[condition];
    if (test !== undefined) {
      const { leaves } = node;
      for (let i = 0; i < leafCount && !holds; i++) holds = test(leaves[i] as Leaf);
    }
    this.#verdictIn[condition] = holds ? now : -now;
    return holds;
  }

  /** The per-pattern matcher's verdict on the rule, asked at most once per event. */
  #verified(rule: number, event: unknown): boolean {
    // Stryker disable next-line ConditionalExpression: asking the per-pattern matcher again gives the same verdict
    if (this.#ruleCheckedIn[rule] !== this.#event) {
      this.#ruleCheckedIn[rule] = this.#event;
      this.#ruleVerdict[rule] = matchesEventPattern(this.#patterns[rule] as CompiledPattern, event) ? 1 : 0;
    }
    return this.#ruleVerdict[rule] === 1;
  }

  #underArray(nodes: readonly PathNode[]): boolean {
    // Stryker disable next-line ConditionalExpression: answering yes only re-checks more rules with the per-pattern matcher (and lets an exists: false condition pass to that re-check), with the same verdicts
    for (const node of nodes) if (node.arrayIn === this.#event) return true;
    return false;
  }

  /** Walks the fields both the object and some rule have, from whichever side has fewer. */
  #visitObject(object: Record<string, unknown>, node: PathNode): void {
    const { childKeys } = node;
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: both walks visit the same fields of a JSON object; the limit only picks the faster one
    if (childKeys.length <= FEW_CHILDREN) {
      const { childNodes } = node;
      for (let i = 0; i < childKeys.length; i++) {
        const key = childKeys[i] as string;
        if (Object.hasOwn(object, key)) this.#visit(object[key], childNodes[i] as PathNode);
      }
      return;
    }
    const { children } = node;
    // Stryker disable next-line ConditionalExpression,BlockStatement: the checked walk below visits the same own keys; this one only skips the check
    if (this.#plainObjectsOwnAll && Object.getPrototypeOf(object) === Object.prototype) {
      // Nothing enumerable is inherited, so every key for-in yields is the object's own.
      for (const key in object) {
        const child = children.get(key);
        if (child !== undefined) this.#visit(object[key], child);
      }
      return;
    }
    // for-in walks the object's own keys without building an array of them (inherited ones are refused).
    for (const key in object) {
      const child = children.get(key);
      if (child && Object.hasOwn(object, key)) this.#visit(object[key], child);
    }
  }

  #visit(value: unknown, node: PathNode): void {
    switch (typeof value) {
      case 'string':
      case 'number':
      case 'boolean':
        this.#visitLeaf(value, node);
        return;
      case 'object':
        if (value === null) this.#visitLeaf(value, node);
        else if (Array.isArray(value)) this.#visitArray(value, node);
        else this.#visitObject(value as Record<string, unknown>, node);
        return;
    }
  }

  #visitArray(items: readonly unknown[], node: PathNode): void {
    // Stryker disable next-line EqualityOperator: one step past the end visits undefined, which is no JSON value and is skipped
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      // Stryker disable next-line ConditionalExpression: flagging an array of scalars too only re-checks more rules with the per-pattern matcher
      if (isJsonObject(item)) {
        node.arrayIn = this.#event;
        this.#sawArrays = true;
      }
      this.#visit(item, node);
    }
  }

  #visitLeaf(leaf: Leaf, node: PathNode): void {
    if (node.seenIn !== this.#event) {
      node.seenIn = this.#event;
      node.leafCount = 0;
    }
    // Stryker disable next-line ConditionalExpression: keeping leaves no condition reads only costs memory
    if (node.keepsLeaves) node.leaves[node.leafCount++] = leaf;
    node.index?.visit(leaf);
  }

  #conditionId(condition: Condition, ids: Map<string, number>): number {
    const key = conditionKey(condition);
    const known = ids.get(key);
    // Stryker disable next-line ConditionalExpression: sharing a condition between rules only spares judging it twice
    if (known !== undefined) return known;
    const id = this.#conditionMatchers.length;
    ids.set(key, id);
    this.#conditionMatchers.push(condition.matchers);
    this.#conditionTest.push(compileAnyLeafTest(condition.matchers));
    let exists = 0;
    for (const m of condition.matchers)
      if (m.kind === 'exists') exists |= m.exists ? EXISTS_TRUE : EXISTS_FALSE;
    this.#conditionExists.push(exists);
    this.#conditionNode.push(this.#nodeAt(condition.path));
    return id;
  }

  #indexAnchor(condition: number): void {
    const node = this.#conditionNode[condition] as PathNode;
    const matchers = this.#conditionMatchers[condition] as readonly ValueMatcher[];
    node.index ??= new LeafIndex(this.#mark);
    for (const matcher of matchers) node.index.add(matcher, condition);
    // Stryker disable next-line ConditionalExpression: judging any anchor after the walk too gives the verdict its leaves gave
    if (acceptsAbsence(matchers)) {
      this.#absenceAnchors.push(condition);
      node.keepsLeaves = true;
    }
  }

  #nodeAt(path: readonly string[]): PathNode {
    let node = this.#root;
    // Stryker disable next-line ArrayDeclaration: a made-up ancestor is no path node, so it is never under an array of this event
    const ancestors: PathNode[] = [];
    for (const key of path) {
      let child = node.children.get(key);
      if (!child) {
        child = newNode([...ancestors]);
        node.children.set(key, child);
      }
      ancestors.push(child);
      node = child;
    }
    return node;
  }

  /**
   * Paths at which an array of objects would make the disjunct depend on which element each value
   * came from: those above two or more of its fields, and those above a field that may be absent.
   */
  #arraySensitivePaths(disjunct: readonly Condition[]): PathNode[] {
    const fieldsBelow = new Map<PathNode, number>();
    const sensitive = new Set<PathNode>();
    for (const condition of disjunct) {
      const { ancestors } = this.#nodeAt(condition.path);
      for (const node of ancestors) {
        fieldsBelow.set(node, (fieldsBelow.get(node) ?? 0) + 1);
        // Stryker disable next-line ConditionalExpression: a path taken as sensitive needlessly only re-checks the rule with the per-pattern matcher
        if (acceptsAbsence(condition.matchers)) sensitive.add(node);
      }
    }
    // Stryker disable next-line ConditionalExpression: a path taken as sensitive needlessly only re-checks the rule with the per-pattern matcher
    for (const [node, count] of fieldsBelow) if (count >= 2) sensitive.add(node);
    return [...sensitive];
  }

  #seal(node: PathNode): void {
    node.index?.seal();
    node.childKeys = [...node.children.keys()];
    node.childNodes = [...node.children.values()];
    for (const child of node.children.values()) this.#seal(child);
  }
}
