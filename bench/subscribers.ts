import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

const FEED = 'subscription { feedMessages { id } }';
const CONNECT_TIMEOUT_MS = 30_000;

/**
 * Many graphql-ws subscribers of `feedMessages`, `perConnection` on each WebSocket. Counts every
 * subscriber that has had any message (probed), and stamps the arrival of one chosen message id.
 */
export class SubscriberFleet {
  readonly count: number;
  readonly #probed: Uint8Array;
  readonly #arrivals: Float64Array;
  readonly #clients: Client[] = [];
  #probedCount = 0;
  #arrivedCount = 0;
  #watchedId: string | null = null;
  errors = 0;

  constructor(count: number) {
    this.count = count;
    this.#probed = new Uint8Array(count);
    this.#arrivals = new Float64Array(count);
  }

  get connections(): number {
    return this.#clients.length;
  }
  get probed(): number {
    return this.#probedCount;
  }
  get arrived(): number {
    return this.#arrivedCount;
  }

  /** From now on, the arrival of `id` is stamped (performance.now()) for each subscriber. */
  watch(id: string): void {
    this.#watchedId = id;
    this.#arrivals.fill(0);
    this.#arrivedCount = 0;
  }

  /** Arrival times of the watched message, ms after `since`. */
  delays(since: number): number[] {
    const delays: number[] = [];
    for (const at of this.#arrivals) if (at > 0) delays.push(at - since);
    return delays;
  }

  /** Opens the connections, `concurrency` at a time; each subscriber i goes to tokens[i % ...]. */
  async open(
    url: string,
    tokens: string[],
    perConnection: number,
    concurrency: number,
  ): Promise<void> {
    const plan: { token: string; first: number; size: number }[] = [];
    for (let first = 0, c = 0; first < this.count; first += perConnection, c++) {
      const token = tokens[c % tokens.length] ?? '';
      plan.push({ token, first, size: Math.min(perConnection, this.count - first) });
    }
    let next = 0;
    const worker = async () => {
      while (next < plan.length) {
        const item = plan[next++];
        if (item) await this.#connect(url, item.token, item.first, item.size);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  async #connect(url: string, token: string, first: number, size: number): Promise<void> {
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: true,
    });
    this.#clients.push(client);
    let offs: (() => void)[] = [];
    const connected = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('no connection_ack in time')),
        CONNECT_TIMEOUT_MS,
      );
      const settle = (error?: Error) => {
        clearTimeout(timer);
        for (const off of offs) off();
        if (error) reject(error);
        else resolve();
      };
      offs = [
        client.on('connected', () => settle()),
        client.on('closed', () => settle(new Error('the gateway closed the connection'))),
        client.on('error', (error) => settle(new Error(`connection error: ${String(error)}`))),
      ];
    });
    for (let index = first; index < first + size; index++) {
      client.subscribe<{ feedMessages: { id: string } }>(
        { query: FEED },
        {
          next: (value) => {
            if (this.#probed[index] === 0) {
              this.#probed[index] = 1;
              this.#probedCount++;
            }
            const id = value.data?.feedMessages.id;
            if (id !== undefined && id === this.#watchedId && this.#arrivals[index] === 0) {
              this.#arrivals[index] = performance.now();
              this.#arrivedCount++;
            }
          },
          error: () => {
            this.errors++;
          },
          complete: () => {},
        },
      );
    }
    await connected;
  }

  /** Closes every connection (the subscribers leave). */
  async close(): Promise<void> {
    const clients = this.#clients.splice(0);
    await Promise.all(clients.map((client) => client.dispose()));
  }
}
