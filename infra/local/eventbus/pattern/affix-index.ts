/** A trie node while affixes are added: one step per UTF-16 code unit. */
interface BuildNode<V> {
  next: Map<number, BuildNode<V>> | undefined;
  values: V[] | undefined;
}

/**
 * A step of the sealed trie: a run of code units with no branch and no entry inside it (path
 * compression), the entries of the affix it completes, and the steps after it by their first code unit.
 */
interface Edge<V> {
  /** The code units the step spans, in the text's own order (for a suffix trie, as they end the text). */
  readonly label: string;
  readonly values: readonly V[] | undefined;
  readonly next: ReadonlyMap<number, Edge<V>> | undefined;
}

// Stryker disable next-line ObjectLiteral: equivalent, absent fields read as undefined too (named for one object shape)
const newBuildNode = <V>(): BuildNode<V> => ({ next: undefined, values: undefined });

/**
 * Values keyed by a prefix (or suffix) of strings, in a path-compressed trie over UTF-16 code units read
 * from the start (or the end): a text finds every entry whose affix it starts (ends) with by one map step
 * per branch on its way and a native comparison of the runs between branches, whatever the number of
 * entries, and without cutting the text into pieces.
 */
export class AffixIndex<V> {
  readonly #root = newBuildNode<V>();
  #affixes = 0;
  #sealedRoot: Edge<V> | undefined;

  constructor(readonly end: 'prefix' | 'suffix') {}

  /** The number of distinct affixes held. */
  get size(): number {
    return this.#affixes;
  }

  add(affix: string, value: V): void {
    this.#sealedRoot = undefined;
    let node = this.#root;
    const last = affix.length - 1;
    for (let i = 0; i <= last; i++) {
      const code = affix.charCodeAt(this.end === 'prefix' ? i : last - i);
      node.next ??= new Map();
      let child = node.next.get(code);
      if (!child) {
        child = newBuildNode();
        node.next.set(code, child);
      }
      node = child;
    }
    if (node.values) node.values.push(value);
    else {
      node.values = [value];
      this.#affixes++;
    }
  }

  /** Calls `visit` with every entry whose affix the text starts (prefix) or ends (suffix) with. */
  forEachMatch(text: string, visit: (value: V) => void): void {
    // Stryker disable next-line ConditionalExpression: a shortcut; an empty trie finds nothing either way
    if (this.#affixes === 0) return;
    this.#sealedRoot ??= this.#sealRoot();
    const length = text.length;
    const fromStart = this.end === 'prefix';
    let edge: Edge<V> = this.#sealedRoot;
    // Code units of the text consumed so far, from the end the trie reads.
    let consumed = 0;
    for (;;) {
      const { values, next } = edge;
      if (values) for (let v = 0; v < values.length; v++) visit(values[v] as V);
      if (next === undefined) return;
      // Stryker disable next-line ConditionalExpression: a shortcut; past the end charCodeAt is NaN, which keys no step
      if (consumed === length) return;
      const step = next.get(text.charCodeAt(fromStart ? consumed : length - 1 - consumed));
      if (step === undefined) return;
      const span = step.label.length;
      // Stryker disable next-line ConditionalExpression,ArithmeticOperator: a shortcut; a run longer than the rest of the text never matches it
      if (span > length - consumed) return;
      if (!text.startsWith(step.label, fromStart ? consumed : length - consumed - span)) return;
      consumed += span;
      edge = step;
    }
  }

  #sealRoot(): Edge<V> {
    // Stryker disable next-line StringLiteral: the root's label is never compared (the walk starts past it)
    return { label: '', values: this.#root.values, next: this.#sealChildren(this.#root) };
  }

  #sealChildren(node: BuildNode<V>): Map<number, Edge<V>> | undefined {
    if (!node.next) return undefined;
    const next = new Map<number, Edge<V>>();
    for (const [code, child] of node.next) next.set(code, this.#compress(code, child));
    return next;
  }

  /** The sealed step for a build node reached by `firstCode`, merging every run of single-child nodes into it. */
  #compress(firstCode: number, start: BuildNode<V>): Edge<V> {
    let node = start;
    let run = String.fromCharCode(firstCode);
    // Stryker disable next-line ConditionalExpression,OptionalChaining: compression only saves steps; every build node without entries has children
    while (node.values === undefined && node.next?.size === 1) {
      const [code, child] = node.next.entries().next().value as [number, BuildNode<V>];
      run += String.fromCharCode(code);
      node = child;
    }
    return { label: this.#textOrder(run), values: node.values, next: this.#sealChildren(node) };
  }

  /** A run gathered in reading order, as it stands in the text: a suffix trie reads from the end. */
  #textOrder(run: string): string {
    if (this.end === 'prefix') return run;
    let reversed = '';
    for (let i = run.length - 1; i >= 0; i--) reversed += run[i];
    return reversed;
  }
}
