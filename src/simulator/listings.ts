import { randomUUID } from 'node:crypto';
import type { Knobs } from './knobs';
import { listingFailure } from './listing-results';
import type { MessageInput } from './model';
import type { QueueRegistry } from './queues';
import type { TimerSet } from './timers';

export interface ListingJob {
  token: string;
  operation: string;
  agentId: string;
  groupId: string;
  result: unknown;
}

interface Delivery {
  seq: number;
  token: string;
  message: MessageInput;
}

/**
 * How a list call is answered once its job is taken (the default: 202, empty or `{requestId}`).
 * `body`: a 2xx whose body is this (a string is sent as text, e.g. "Accepted"), result still posted.
 * `direct`: the result itself is the body (`wrapped`: `{"<operation>": result}`, `bare`: the result),
 * and nothing is posted on the feed. `delayMs`: the job is taken at once, the answer waits this long.
 */
export interface ListingReply {
  status?: number;
  body?: unknown;
  direct?: 'wrapped' | 'bare';
  delayMs?: number;
}

interface FailureRule {
  error: { code: string; message: string };
  remaining: number;
}

/**
 * Posts listing results to the caller's queue after the listing delay, and carries the test knobs
 * that fail, drop or hold those results.
 */
export class SimListings {
  requestIdIn202 = false;
  reply: ListingReply | null = null;
  private failures: FailureRule[] = [];
  private drops = 0;
  private holding = false;
  private held: Delivery[] = [];
  private seq = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Round-robin position per group (group-family listings). */
  private readonly turns = new Map<string, number>();

  constructor(
    private readonly queues: QueueRegistry,
    private readonly timerSet: TimerSet,
    private readonly knobs: Knobs,
  ) {}

  /** Schedules the result of a listing; returns the request id its message will carry. */
  submit(job: ListingJob): string {
    const requestId = randomUUID();
    if (this.drops > 0) {
      this.drops -= 1;
      return requestId;
    }
    const failure = this.failures[0];
    let payload = job.result;
    if (failure) {
      payload = listingFailure(failure.error.code, failure.error.message);
      failure.remaining -= 1;
      if (failure.remaining <= 0) this.failures.shift();
    }
    const delivery: Delivery = {
      seq: ++this.seq,
      token: job.token,
      message: {
        operation: job.operation,
        agentId: job.agentId,
        groupId: job.groupId,
        requestId,
        payload,
      },
    };
    const timer = this.timerSet.set(() => {
      this.timers.delete(timer);
      this.deliver(delivery);
    }, this.knobs.listingDelayMs);
    this.timers.add(timer);
    return requestId;
  }

  private deliver(delivery: Delivery): void {
    if (this.holding) this.held.push(delivery);
    else this.queues.append(delivery.token, delivery.message);
  }

  /** The next of `members` to answer for the group, round-robin. */
  nextAgent<T>(groupId: string, members: readonly T[]): T | undefined {
    const turn = this.turns.get(groupId) ?? 0;
    this.turns.set(groupId, turn + 1);
    return members[turn % members.length];
  }

  fail(error: { code: string; message: string }, times = 1): void {
    if (times > 0) this.failures.push({ error: { ...error }, remaining: times });
  }

  drop(times = 1): void {
    this.drops += Math.max(0, times);
  }

  hold(): void {
    this.holding = true;
  }

  /** Posts every held result (request order, or reversed) and stops holding. */
  release(reverse = false): void {
    this.holding = false;
    const batch = this.held.sort((a, b) => a.seq - b.seq);
    this.held = [];
    if (reverse) batch.reverse();
    for (const delivery of batch) this.queues.append(delivery.token, delivery.message);
  }

  heldCount(): number {
    return this.held.length;
  }

  reset(): void {
    for (const timer of this.timers) this.timerSet.clear(timer);
    this.timers.clear();
    this.failures = [];
    this.drops = 0;
    this.holding = false;
    this.held = [];
    this.turns.clear();
    this.requestIdIn202 = false;
    this.reply = null;
  }

  /** Waits the reply delay (abortably: the job is already taken when a client leaves). */
  async replyDelay(signal: AbortSignal): Promise<void> {
    await this.timerSet.sleep(this.reply?.delayMs ?? 0, signal);
  }
}
