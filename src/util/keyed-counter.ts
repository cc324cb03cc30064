/** Counts what is open per key (e.g. per token hash); a key whose count falls to 0 is forgotten. */
export class KeyedCounter {
  readonly #counts = new Map<string, number>();

  /** How many are open under `key`. */
  get(key: string): number {
    return this.#counts.get(key) ?? 0;
  }

  /** Keys with at least one open. */
  get size(): number {
    return this.#counts.size;
  }

  /** Counts one more under `key`; the returned function (idempotent) counts it off again. */
  acquire(key: string): () => void {
    this.#counts.set(key, this.get(key) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.get(key) - 1;
      if (left > 0) this.#counts.set(key, left);
      else this.#counts.delete(key);
    };
  }
}
