/**
 * Values keyed by a prefix (or suffix) of strings: a text finds every entry whose affix it starts (ends)
 * with by one map lookup per distinct affix length, whatever the number of entries.
 */
export class AffixIndex<V> {
  readonly #byLength = new Map<number, Map<string, V[]>>();
  #lengths: number[] = [];

  constructor(readonly end: 'prefix' | 'suffix') {}

  get size(): number {
    return this.#byLength.size;
  }

  add(affix: string, value: V): void {
    let entries = this.#byLength.get(affix.length);
    if (!entries) {
      entries = new Map();
      this.#byLength.set(affix.length, entries);
      this.#lengths = [...this.#byLength.keys()].sort((a, b) => a - b);
    }
    const list = entries.get(affix);
    if (list) list.push(value);
    else entries.set(affix, [value]);
  }

  /** Calls `visit` with every entry whose affix the text starts (prefix) or ends (suffix) with. */
  forEachMatch(text: string, visit: (value: V) => void): void {
    for (const length of this.#lengths) {
      if (length > text.length) return;
      const affix = this.end === 'prefix' ? text.slice(0, length) : text.slice(text.length - length);
      const list = this.#byLength.get(length)?.get(affix);
      if (list) for (const value of list) visit(value);
    }
  }
}
