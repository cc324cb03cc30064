import autocannon from 'autocannon';

export interface LoadRun {
  /** Successful (2xx, or op resolved) requests. */
  ok: number;
  /** Errors and non-2xx answers. */
  failed: number;
  seconds: number;
  perSecond: number;
  /** Every successful request's latency, ms (exact, not histogram buckets). */
  latencies: number[];
}

export interface CannonOptions {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
}

/**
 * One autocannon run. autocannon's own latency histogram has 1 ms buckets, too coarse for a 0.5 ms
 * goal, so every response time (a float from process.hrtime) is kept from its "response" event.
 */
export function cannon(options: CannonOptions): Promise<LoadRun> {
  const latencies: number[] = [];
  return new Promise<LoadRun>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: options.method,
        headers: options.headers,
        body: options.body,
        connections: options.connections,
        duration: options.seconds,
        timeout: 10,
        // Ticks every 100 ms, so that a run ends within 0.1 s of its duration.
        sampleInt: 100,
      },
      (error: Error | null, result) => {
        if (error) return reject(error);
        const ok = result['2xx'];
        resolve({
          ok,
          failed: result.errors + result.non2xx,
          seconds: result.duration,
          perSecond: ok / result.duration,
          latencies,
        });
      },
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      if (status >= 200 && status < 300) latencies.push(responseTime);
    });
  });
}

const MAX_FAILURES = 1_000;

/**
 * A closed loop: `concurrency` virtual users each run `op` back to back until the time is up.
 * For work autocannon cannot express (a client that fans out).
 */
export async function closedLoop(options: {
  concurrency: number;
  seconds: number;
  op: () => Promise<void>;
}): Promise<LoadRun> {
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const user = async () => {
    while (performance.now() < deadline && failed < MAX_FAILURES) {
      const begin = performance.now();
      try {
        await options.op();
        latencies.push(performance.now() - begin);
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, user));
  const seconds = (performance.now() - started) / 1000;
  return {
    ok: latencies.length,
    failed,
    seconds,
    perSecond: latencies.length / seconds,
    latencies,
  };
}
