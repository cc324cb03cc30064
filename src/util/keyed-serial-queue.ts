/**
 * One holder per key at a time, taken in order of asking; a wait is left when its signal aborts.
 * (The listing lanes: one upstream listing call per caller, account, broker and operation.)
 */
export class KeyedSerialQueue {
  readonly #lanes = new Map<string, (() => void)[]>();

  /** Keys held now. */
  get size(): number {
    return this.#lanes.size;
  }

  /**
   * Resolves with the key's release (idempotent) once the key is this caller's; `queued` is
   * called when it has to wait for it.
   */
  acquire(key: string, signal: AbortSignal, queued?: () => void): Promise<() => void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    const waiting = this.#lanes.get(key);
    if (!waiting) {
      this.#lanes.set(key, []);
      return Promise.resolve(this.#release(key));
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal.removeEventListener('abort', onAbort);
        resolve(this.#release(key));
      };
      const onAbort = () => {
        const index = waiting.indexOf(grant);
        if (index >= 0) waiting.splice(index, 1);
        reject(signal.reason);
      };
      waiting.push(grant);
      queued?.();
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  #release(key: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const waiting = this.#lanes.get(key);
      const next = waiting?.shift();
      if (next) next();
      else this.#lanes.delete(key);
    };
  }
}
