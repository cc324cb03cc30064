import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../src/util/event-queue';

class Probe extends EventQueue<number> {
  leaves = 0;
  add(...events: number[]): void {
    this.enqueue(...events);
  }
  protected override left(): void {
    this.leaves++;
  }
}

describe('EventQueue', () => {
  it('hands queued events over once each, in order, then the error the producer ended with', async () => {
    const queue = new Probe();
    queue.add(1, 2);
    const reading = (async () => {
      const seen: number[] = [];
      try {
        for await (const event of queue) seen.push(event);
      } catch (error) {
        return { seen, error };
      }
      return { seen, error: null };
    })();
    queue.add(3);
    queue.end(new Error('refused'));
    queue.add(4); // after the end: dropped
    const { seen, error } = await reading;
    expect(seen).toEqual([1, 2, 3]);
    expect((error as Error).message).toBe('refused');
    expect(queue.leaves).toBe(1);
  });

  it('a reader that leaves early drops what is queued and is told once', async () => {
    const queue = new Probe();
    queue.add(1, 2);
    for await (const event of queue) {
      expect(event).toBe(1);
      break;
    }
    expect(queue.done).toBe(true);
    expect(queue.leaves).toBe(1);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });
});
