/** Every timer the simulator sets goes through here, so that stop() and reset() can clear them all. */

export class AbortedError extends Error {
  constructor(reason: unknown) {
    super(typeof reason === 'string' ? `aborted: ${reason}` : 'aborted');
    this.name = 'AbortedError';
  }
}

export class TimerSet {
  private readonly handles = new Set<NodeJS.Timeout>();

  set(callback: () => void, ms: number): NodeJS.Timeout {
    const handle = setTimeout(() => {
      this.handles.delete(handle);
      callback();
    }, ms);
    this.handles.add(handle);
    return handle;
  }

  clear(handle: NodeJS.Timeout): void {
    clearTimeout(handle);
    this.handles.delete(handle);
  }

  clearAll(): void {
    for (const handle of this.handles) clearTimeout(handle);
    this.handles.clear();
  }

  /** Resolves after ms (at once when ms <= 0); rejects with AbortedError when the signal fires first. */
  sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(new AbortedError(signal.reason));
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.clear(handle);
        reject(new AbortedError(signal.reason));
      };
      const handle = this.set(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** Never resolves; rejects with AbortedError when the signal fires. */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new AbortedError(signal.reason));
    else
      signal.addEventListener('abort', () => reject(new AbortedError(signal.reason)), {
        once: true,
      });
  });
}
