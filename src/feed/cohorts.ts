import type { ExecutionResult } from 'graphql';
import { GatewayError } from '../errors';

/**
 * Cohort delivery for subscriptions (the way Hasura multiplexes live queries): subscribers whose
 * operation is the same (document, operation name and variables) and whose caller is the same
 * (token hash) share one source stream. Each event is executed once for the cohort and the same
 * result object goes to every member, in order; each member has its own queue, so a slow or
 * leaving member does not hold up the others. The key always starts with the token hash: a cohort
 * never spans two tokens.
 */
export type Result = ExecutionResult;
type Source = AsyncIterable<Result> & Partial<AsyncIterator<Result>>;

/**
 * The cohort takes the next event from its source once its fastest member has taken everything
 * (so the source's own backlog rule holds for that member); a member that falls this far behind
 * the fastest is ended with RATE_LIMITED, like a lone subscriber that falls behind.
 */
const MEMBER_BACKLOG = 10_000;

/**
 * Registers a member against its caller's subscription cap (throws when there is no room);
 * returns the unregister function.
 */
export type Register = (end: () => void) => () => void;

class Member implements AsyncIterableIterator<Result> {
  readonly #queue: Result[] = [];
  #waiting: ((item: IteratorResult<Result>) => void) | null = null;
  #failWaiting: ((error: unknown) => void) | null = null;
  #done = false;
  #error: unknown = undefined;
  #hasError = false;
  /** Its own place against the cap; null while the cohort's source stands for it. */
  unregister: (() => void) | null = null;

  constructor(
    readonly leave: (member: Member) => void,
    readonly drained: () => void,
  ) {}

  get idle(): boolean {
    return this.#queue.length === 0;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  deliver(result: Result): void {
    if (this.#done) return;
    if (this.#waiting) {
      const resolve = this.#waiting;
      this.#waiting = this.#failWaiting = null;
      resolve({ value: result, done: false });
      return;
    }
    if (this.#queue.length >= MEMBER_BACKLOG) {
      this.fail(
        new GatewayError(
          'RATE_LIMITED',
          `This subscriber fell more than ${MEMBER_BACKLOG} messages behind; subscribe again with ` +
            '`after` set to the last id it received',
        ),
        true,
      );
      return;
    }
    this.#queue.push(result);
  }

  /** Ends after what is queued (`now`: at once); with an error, `next()` then rejects with it. */
  fail(error: unknown, now = false): void {
    if (this.#done) return;
    if (now) this.#queue.length = 0;
    this.#hasError = error !== undefined;
    this.#error = error;
    this.#done = true;
    this.#settleWaiting();
    this.leave(this);
  }

  end(): void {
    this.fail(undefined);
  }

  #settleWaiting(): void {
    if (!this.#waiting) return;
    const resolve = this.#waiting;
    const reject = this.#failWaiting;
    this.#waiting = this.#failWaiting = null;
    if (this.#hasError) {
      this.#hasError = false;
      reject?.(this.#error);
    } else resolve({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<Result>> {
    const queued = this.#queue.shift();
    if (this.#queue.length === 0) this.drained();
    if (queued !== undefined) return Promise.resolve({ value: queued, done: false });
    if (this.#done) {
      if (this.#hasError) {
        this.#hasError = false;
        return Promise.reject(this.#error);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.#waiting = resolve;
      this.#failWaiting = reject;
    });
  }

  return(): Promise<IteratorResult<Result>> {
    this.#queue.length = 0;
    if (!this.#done) {
      this.#done = true;
      this.#settleWaiting();
      this.leave(this);
    }
    return Promise.resolve({ value: undefined, done: true });
  }
}

class Cohort {
  readonly members = new Set<Member>();
  #source: Source | null = null;
  #closed = false;

  constructor(
    private readonly onEmpty: () => void,
    private readonly counted: { events: number },
  ) {}

  get closed(): boolean {
    return this.#closed;
  }

  add(register: Register | null): Member {
    const member = new Member(
      (left) => this.#leave(left),
      () => this.#wakeUp(),
    );
    // The first member is stood for by the source's own registration; the others register.
    if (register) member.unregister = register(() => member.end());
    this.members.add(member);
    return member;
  }

  run(source: Source): void {
    this.#source = source;
    void this.#pump(source);
  }

  #wake: (() => void) | null = null;

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  /** Resolves once some member has taken everything it was given (or none is left). */
  #someoneReady(): Promise<void> | undefined {
    if (this.members.size === 0) return undefined;
    for (const member of this.members) if (member.idle) return undefined;
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  async #pump(source: Source): Promise<void> {
    try {
      const events = source[Symbol.asyncIterator]();
      for (;;) {
        await this.#someoneReady();
        if (this.#closed) return;
        const next = await events.next();
        if (next.done) break;
        this.counted.events++;
        for (const member of this.members) member.deliver(next.value);
      }
      this.#close();
      for (const member of [...this.members]) member.end();
    } catch (error) {
      this.#close();
      for (const member of [...this.members]) member.fail(error);
    }
  }

  #leave(member: Member): void {
    if (!this.members.delete(member)) return;
    if (member.unregister) member.unregister();
    else {
      // It was the one the source's registration stood for: another member takes that place.
      for (const other of this.members) {
        if (other.unregister) {
          other.unregister();
          other.unregister = null;
          break;
        }
      }
    }
    if (this.members.size === 0) {
      this.#close();
      this.#wakeUp();
      void this.#source?.return?.();
    }
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.onEmpty();
  }
}

export class Cohorts {
  readonly #live = new Map<string, Cohort>();
  readonly #starting = new Map<string, Promise<Cohort | null>>();
  readonly #counted = { events: 0 };

  /** Live cohorts, their members, and events executed by cohorts since start (for tests). */
  get stats(): { cohorts: number; members: number; events: number } {
    let members = 0;
    for (const cohort of this.#live.values()) members += cohort.members.size;
    return { cohorts: this.#live.size, members, events: this.#counted.events };
  }

  /**
   * Joins the cohort of `key` (which must start with the caller's token hash), or starts it with
   * `start` (the operation's own subscribe). A start that answers with a result (an error) is
   * that subscriber's alone: the others waiting for it start their own. `register` counts a
   * joining member against its caller's cap; when it throws (no room), the subscriber runs alone
   * and is refused the usual way.
   */
  async join(
    key: string,
    start: () => Promise<Source | Result>,
    register: Register,
  ): Promise<Source | Result> {
    for (;;) {
      const live = this.#live.get(key);
      if (live && !live.closed) {
        try {
          return live.add(register);
        } catch {
          return start();
        }
      }
      const starting = this.#starting.get(key);
      if (starting) {
        const cohort = await starting.catch(() => null);
        if (cohort) continue;
        return start();
      }
      let own: Source | Result | undefined;
      const begun = (async () => {
        const source = await start();
        if (!isSource(source)) {
          own = source;
          return null;
        }
        const cohort = new Cohort(() => {
          if (this.#live.get(key) === cohort) this.#live.delete(key);
        }, this.#counted);
        const first = cohort.add(null);
        this.#live.set(key, cohort);
        cohort.run(source);
        own = first;
        return cohort;
      })();
      this.#starting.set(key, begun);
      try {
        await begun;
      } finally {
        this.#starting.delete(key);
      }
      return own as Source | Result;
    }
  }
}

function isSource(value: Source | Result): value is Source {
  return typeof (value as Partial<Source>)[Symbol.asyncIterator] === 'function';
}
