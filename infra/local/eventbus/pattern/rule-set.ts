import type { CompiledPattern, ValueMatcher } from './compiled-pattern.ts';
import { type Condition, disjunctsOf } from './disjuncts.ts';
import { isJsonObject } from './json-kinds.ts';
import { type ConditionMarker, LeafIndex } from './leaf-index.ts';
import { matchesEventPattern } from './match.ts';

/** A field path of some rule; the event is walked along these nodes only. */
interface PathNode {
  readonly children: Map<string, PathNode>;
  /** Proper ancestors, root excluded: where an array of objects makes array elements matter. */
  readonly ancestors: readonly PathNode[];
  index: LeafIndex | undefined;
  /** Event number in which a leaf was seen at this path. */
  seenIn: number;
  /** Event number in which an array holding objects was seen at this path. */
  arrayIn: number;
}

interface AbsenceCondition {
  readonly condition: number;
  readonly node: PathNode;
}

const newNode = (ancestors: readonly PathNode[]): PathNode => ({
  children: new Map(),
  ancestors,
  index: undefined,
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
  matchers.some((m) => m.kind === 'exists' && !m.exists);

/**
 * All rules of a bus compiled into one matching structure, after AWS's Event Ruler: every pattern is
 * multiplied out into disjuncts (one per `$or` choice), each field's value list becomes a condition
 * shared by every rule that has it, and conditions are indexed per field path by the values they
 * accept. Matching walks only the event's fields some rule names, marks the conditions its values
 * satisfy (hash, prefix, interval lookups; `anything-but` by exclusion) and counts them per disjunct;
 * a disjunct whose conditions all hold matches. Only where the event has an array of objects under
 * two of a disjunct's fields (or under an `exists: false` field) is the rule re-checked with the
 * per-pattern matcher, because only there can values from different array elements be combined.
 */
export class EventRuleSet<Rule> {
  readonly #rules: readonly Rule[];
  readonly #patterns: readonly CompiledPattern[];
  readonly #root = newNode([]);
  /** Per condition: the disjuncts that need it. */
  readonly #conditionDisjuncts: number[][] = [];
  readonly #absenceConditions: AbsenceCondition[] = [];
  /** Per disjunct: its rule, how many conditions it needs, and where array elements matter to it. */
  readonly #disjunctRule: number[] = [];
  readonly #disjunctNeeds: number[] = [];
  readonly #disjunctArrayPaths: (readonly PathNode[])[] = [];
  /** Rules too large to multiply out; checked one by one. */
  readonly #unexpanded: number[] = [];
  readonly #marker: ConditionMarker & { readonly completed: number[] };
  /** Per rule: the event in which it matched, was re-checked, and that check's verdict. */
  readonly #ruleMatchedIn: Float64Array;
  readonly #ruleCheckedIn: Float64Array;
  readonly #ruleVerdict: Uint8Array;
  #event = 0;
  #sawArrays = false;

  constructor(rules: readonly Rule[], patternOf: (rule: Rule) => CompiledPattern) {
    this.#rules = rules;
    this.#patterns = rules.map(patternOf);
    const conditionIds = new Map<string, number>();
    this.#patterns.forEach((pattern, rule) => {
      const disjuncts = disjunctsOf(pattern);
      if (!disjuncts) {
        this.#unexpanded.push(rule);
        return;
      }
      for (const disjunct of disjuncts) {
        const id = this.#disjunctRule.length;
        const conditions = new Set(disjunct.map((c) => this.#conditionId(c, conditionIds)));
        for (const condition of conditions) this.#conditionDisjuncts[condition]?.push(id);
        this.#disjunctRule.push(rule);
        this.#disjunctNeeds.push(conditions.size);
        this.#disjunctArrayPaths.push(this.#arraySensitivePaths(disjunct));
      }
    });
    this.#sealIndexes(this.#root);
    this.#marker = this.#createMarker();
    this.#ruleMatchedIn = new Float64Array(rules.length);
    this.#ruleCheckedIn = new Float64Array(rules.length);
    this.#ruleVerdict = new Uint8Array(rules.length);
  }

  /** The rules whose patterns match the event, in the order they were given. */
  match(event: unknown): Rule[] {
    const matched = this.#matchingRuleIndexes(event);
    const rules: Rule[] = new Array(matched.length);
    for (let i = 0; i < matched.length; i++) rules[i] = this.#rules[matched[i] as number] as Rule;
    return rules;
  }

  #matchingRuleIndexes(event: unknown): Int32Array {
    this.#event++;
    this.#sawArrays = false;
    const marker = this.#marker;
    marker.completed.length = 0;
    if (isJsonObject(event)) this.#visitObject(event, this.#root);
    for (const { condition, node } of this.#absenceConditions) {
      // Absent from the whole event, or possibly from one array element: the re-check then decides.
      if (node.seenIn !== this.#event || (this.#sawArrays && this.#underArray(node.ancestors))) {
        marker.mark(condition);
      }
    }
    const now = this.#event;
    const matchedIn = this.#ruleMatchedIn;
    const matched: number[] = [];
    for (const disjunct of marker.completed) {
      const rule = this.#disjunctRule[disjunct] as number;
      if (matchedIn[rule] === now) continue;
      const paths = this.#disjunctArrayPaths[disjunct] as readonly PathNode[];
      if (this.#sawArrays && paths.length > 0 && this.#underArray(paths) && !this.#verified(rule, event))
        continue;
      matchedIn[rule] = now;
      matched.push(rule);
    }
    for (const rule of this.#unexpanded) {
      if (matchedIn[rule] !== now && matchesEventPattern(this.#patterns[rule] as CompiledPattern, event)) {
        matched.push(rule);
      }
    }
    // Native numeric sort: the rules come back in the order they were given.
    return Int32Array.from(matched).sort();
  }

  /** The per-pattern matcher's verdict on the rule, asked at most once per event. */
  #verified(rule: number, event: unknown): boolean {
    if (this.#ruleCheckedIn[rule] !== this.#event) {
      this.#ruleCheckedIn[rule] = this.#event;
      this.#ruleVerdict[rule] = matchesEventPattern(this.#patterns[rule] as CompiledPattern, event) ? 1 : 0;
    }
    return this.#ruleVerdict[rule] === 1;
  }

  #underArray(nodes: readonly PathNode[]): boolean {
    for (const node of nodes) if (node.arrayIn === this.#event) return true;
    return false;
  }

  /** Walks the fields both the object and some rule have, from whichever side has fewer. */
  #visitObject(object: Record<string, unknown>, node: PathNode): void {
    const { children } = node;
    if (children.size <= 8) {
      for (const [key, child] of children) {
        if (Object.hasOwn(object, key)) this.#visit(object[key], child);
      }
      return;
    }
    for (const key of Object.keys(object)) {
      const child = children.get(key);
      if (child) this.#visit(object[key], child);
    }
  }

  #visit(value: unknown, node: PathNode): void {
    if (Array.isArray(value)) {
      for (const item of value) {
        if (isJsonObject(item)) {
          node.arrayIn = this.#event;
          this.#sawArrays = true;
        }
        this.#visit(item, node);
      }
    } else if (isJsonObject(value)) {
      this.#visitObject(value, node);
    } else if (
      value === null ||
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      node.seenIn = this.#event;
      node.index?.visit(value, this.#marker);
    }
  }

  #conditionId(condition: Condition, ids: Map<string, number>): number {
    const key = conditionKey(condition);
    const known = ids.get(key);
    if (known !== undefined) return known;
    const id = this.#conditionDisjuncts.length;
    ids.set(key, id);
    this.#conditionDisjuncts.push([]);
    const node = this.#nodeAt(condition.path);
    node.index ??= new LeafIndex();
    for (const matcher of condition.matchers) node.index.add(matcher, id);
    if (acceptsAbsence(condition.matchers)) this.#absenceConditions.push({ condition: id, node });
    return id;
  }

  #nodeAt(path: readonly string[]): PathNode {
    let node = this.#root;
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
        if (acceptsAbsence(condition.matchers)) sensitive.add(node);
      }
    }
    for (const [node, count] of fieldsBelow) if (count > 1) sensitive.add(node);
    return [...sensitive];
  }

  #sealIndexes(node: PathNode): void {
    node.index?.seal();
    for (const child of node.children.values()) this.#sealIndexes(child);
  }

  #createMarker(): ConditionMarker & { readonly completed: number[] } {
    const conditionCount = this.#conditionDisjuncts.length;
    const disjunctCount = this.#disjunctRule.length;
    const satisfiedIn = new Float64Array(conditionCount);
    const countedIn = new Float64Array(disjunctCount);
    const counts = new Int32Array(disjunctCount);
    const needs = Int32Array.from(this.#disjunctNeeds);
    const conditionDisjuncts = this.#conditionDisjuncts;
    const completed: number[] = [];
    const ruleSet = this;
    return {
      completed,
      mark(condition: number): void {
        const event = ruleSet.#event;
        if (satisfiedIn[condition] === event) return;
        satisfiedIn[condition] = event;
        for (const disjunct of conditionDisjuncts[condition] as number[]) {
          if (countedIn[disjunct] !== event) {
            countedIn[disjunct] = event;
            counts[disjunct] = 0;
          }
          counts[disjunct] = (counts[disjunct] as number) + 1;
          if (counts[disjunct] === needs[disjunct]) completed.push(disjunct);
        }
      },
    };
  }
}
