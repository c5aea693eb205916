interface TrieNode<V> {
  next: Map<number, TrieNode<V>> | undefined;
  values: V[] | undefined;
}

const newTrieNode = <V>(): TrieNode<V> => ({ next: undefined, values: undefined });

/**
 * Values keyed by a prefix (or suffix) of strings, in a trie over UTF-16 code units read from the start
 * (or the end): a text finds every entry whose affix it starts (ends) with by walking its own characters,
 * one map step each, whatever the number of entries, and without cutting the text into pieces.
 */
export class AffixIndex<V> {
  readonly #root = newTrieNode<V>();
  #affixes = 0;

  constructor(readonly end: 'prefix' | 'suffix') {}

  /** The number of distinct affixes held. */
  get size(): number {
    return this.#affixes;
  }

  add(affix: string, value: V): void {
    let node = this.#root;
    const last = affix.length - 1;
    for (let i = 0; i <= last; i++) {
      const code = affix.charCodeAt(this.end === 'prefix' ? i : last - i);
      node.next ??= new Map();
      let child = node.next.get(code);
      if (!child) {
        child = newTrieNode();
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
    if (this.#affixes === 0) return;
    let node: TrieNode<V> | undefined = this.#root;
    const last = text.length - 1;
    const fromStart = this.end === 'prefix';
    for (let i = 0; ; i++) {
      const { values } = node;
      if (values) for (let v = 0; v < values.length; v++) visit(values[v] as V);
      if (i > last || node.next === undefined) return;
      node = node.next.get(text.charCodeAt(fromStart ? i : last - i));
      if (node === undefined) return;
    }
  }
}
