/**
 * One reader's events: queued by a producer, read once each and in order by one async iterator.
 * The producer ends it (with an error the reader then throws, or cleanly); the reader may leave
 * early (`return`). `left()` runs once the reader is gone either way: override it to unregister.
 */
export class EventQueue<E> implements AsyncIterableIterator<E> {
  #queue: E[] = [];
  #ended = false;
  #failure: unknown = null;
  #wake: (() => void) | null = null;

  /** Ended: nothing more is queued. */
  get done(): boolean {
    return this.#ended;
  }

  /** Queues events for the reader (none once ended). */
  protected enqueue(...events: E[]): void {
    if (this.#ended || events.length === 0) return;
    this.#queue.push(...events);
    this.#notify();
  }

  /** No more events: the reader gets what is queued, then `error` (when given) or the end. */
  end(error: unknown = null): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#failure = error;
    this.#notify();
  }

  /** Called once the reader has left (read to the end, or returned early). */
  protected left(): void {}

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  async next(): Promise<IteratorResult<E>> {
    for (;;) {
      const event = this.#queue.shift();
      if (event !== undefined) return { value: event, done: false };
      if (this.#ended) {
        this.left();
        if (this.#failure !== null) {
          const failure = this.#failure;
          this.#failure = null;
          throw failure;
        }
        return { value: undefined, done: true };
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  async return(): Promise<IteratorResult<E>> {
    this.#ended = true;
    this.#queue = [];
    this.#failure = null;
    this.left();
    this.#notify();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<E> {
    return this;
  }
}
