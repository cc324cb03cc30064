import { randomBytes, randomUUID } from 'node:crypto';
import type { MessageHeader, MessageInput, WireFeedMessage } from './model';
import type { TimerSet } from './timers';

interface Entry {
  seq: number;
  message: WireFeedMessage;
}

interface Waiter {
  last: number;
  finish(messages: WireFeedMessage[]): void;
}

/** The message queue of one access token: ids grow by one, reading never consumes. */
class MessageQueue {
  readonly clientId = randomBytes(12).toString('hex');
  readonly entries: Entry[] = [];
  readonly waiters = new Set<Waiter>();
  maxWaiters = 0;
  wakeQueued = false;

  constructor(public head: number) {}

  after(last: number): WireFeedMessage[] {
    return this.entries.filter((entry) => entry.seq > last).map((entry) => entry.message);
  }
}

export interface QueueOptions {
  initialMessageId: number;
  retention: number;
}

export class QueueRegistry {
  private readonly queues = new Map<string, MessageQueue>();
  private waiting = 0;
  private maxWaiting = 0;

  constructor(
    private readonly options: QueueOptions,
    private readonly timers: TimerSet,
  ) {}

  create(token: string): void {
    this.queues.set(token, new MessageQueue(this.options.initialMessageId));
  }

  private queue(token: string): MessageQueue {
    const queue = this.queues.get(token);
    if (!queue)
      throw new Error('no message queue for this token (was it issued by the simulator?)');
    return queue;
  }

  clientId(token: string): string {
    return this.queue(token).clientId;
  }

  head(token: string): number {
    return this.queue(token).head;
  }

  /** Appends a message built from input; returns its id. */
  append(token: string, input: MessageInput): string {
    return this.push(this.queue(token), input, input.requestId ?? randomUUID());
  }

  broadcast(input: MessageInput): void {
    const requestId = input.requestId ?? randomUUID();
    for (const queue of this.queues.values()) this.push(queue, input, requestId);
  }

  private push(queue: MessageQueue, input: MessageInput, requestId: string): string {
    queue.head += 1;
    const header: MessageHeader = { requestId, clientId: input.clientId ?? queue.clientId };
    if (input.agentId !== undefined) header.agentId = input.agentId;
    if (input.groupId !== undefined) header.groupId = input.groupId;
    const message: WireFeedMessage = {
      id: String(queue.head),
      header,
      payload: { [input.operation]: input.payload },
    };
    queue.entries.push({ seq: queue.head, message });
    const excess = queue.entries.length - this.options.retention;
    if (excess > 0) queue.entries.splice(0, excess);
    this.scheduleWake(queue);
    return message.id;
  }

  /** Wakes held polls in a microtask, so messages appended in one go are answered together. */
  private scheduleWake(queue: MessageQueue): void {
    if (queue.wakeQueued || queue.waiters.size === 0) return;
    queue.wakeQueued = true;
    queueMicrotask(() => {
      queue.wakeQueued = false;
      for (const waiter of queue.waiters) {
        const messages = queue.after(waiter.last);
        if (messages.length > 0) waiter.finish(messages);
      }
    });
  }

  after(token: string, last: number): WireFeedMessage[] {
    return this.queue(token).after(last);
  }

  /**
   * The token's queue recreated upstream: its messages are gone and ids restart after `head`
   * (lower than before). Polls held now stay held with their old, now too high, `last`.
   */
  recreate(token: string, head: number): void {
    const queue = this.queue(token);
    queue.entries.length = 0;
    queue.head = head;
  }

  /**
   * Holds until a message newer than last arrives (answers the new messages), ms pass (answers []),
   * or the signal fires (answers [] and forgets the poll at once).
   */
  wait(token: string, last: number, ms: number, signal: AbortSignal): Promise<WireFeedMessage[]> {
    const queue = this.queue(token);
    if (signal.aborted) return Promise.resolve([]);
    return new Promise((resolve) => {
      const onAbort = () => waiter.finish([]);
      const timer = this.timers.set(() => waiter.finish([]), ms);
      const waiter: Waiter = {
        last,
        finish: (messages) => {
          if (!queue.waiters.delete(waiter)) return;
          this.waiting -= 1;
          this.timers.clear(timer);
          signal.removeEventListener('abort', onAbort);
          resolve(messages);
        },
      };
      queue.waiters.add(waiter);
      this.waiting += 1;
      queue.maxWaiters = Math.max(queue.maxWaiters, queue.waiters.size);
      this.maxWaiting = Math.max(this.maxWaiting, this.waiting);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  pollsInFlight(token?: string): number {
    if (token === undefined) return this.waiting;
    return this.queues.get(token)?.waiters.size ?? 0;
  }

  maxPollsInFlight(token?: string): number {
    if (token === undefined) return this.maxWaiting;
    return this.queues.get(token)?.maxWaiters ?? 0;
  }

  resetHighWater(): void {
    this.maxWaiting = this.waiting;
    for (const queue of this.queues.values()) queue.maxWaiters = queue.waiters.size;
  }

  /** Answers every held poll with [] and forgets all queues. */
  clear(): void {
    for (const queue of this.queues.values()) {
      for (const waiter of queue.waiters) waiter.finish([]);
    }
    this.queues.clear();
    this.waiting = 0;
    this.maxWaiting = 0;
  }
}
