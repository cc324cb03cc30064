import { createHash } from 'node:crypto';
import { createClient } from '@redis/client';
import type { ClusterConfig } from '../config';
import { GatewayError } from '../errors';
import type { Logger } from '../observability/logger';

/**
 * The only importer of `@redis/client` (this folder is loaded with a dynamic `import()`, and only
 * when REDIS_URL is set). Commands fail fast while Redis is unreachable (no offline queue, a
 * deadline per command); the client reconnects by itself.
 */

type Client = ReturnType<typeof createClient>;
export type Reply = string | number | null | Reply[];

/** A Lua script, run with EVALSHA (EVAL when Redis lost its script cache, e.g. after a restart). */
export interface Script {
  readonly name: string;
  readonly lua: string;
  readonly sha: string;
}

export const script = (name: string, lua: string): Script => ({
  name,
  lua,
  sha: createHash('sha1').update(lua).digest('hex'),
});

/** What any Redis failure becomes for a client: names the coordination store, never its address. */
export const storeUnavailable = (): GatewayError =>
  new GatewayError(
    'UPSTREAM_UNAVAILABLE',
    "The gateway cluster's coordination store (Redis) cannot be reached: listings cannot be run safely now; try again shortly",
  );

export interface StoreEvents {
  /** Redis became reachable (true) or unreachable (false). */
  health?(up: boolean): void;
  /** Duration of one command, by command name (never a key). */
  command?(name: string, seconds: number): void;
}

export class Store {
  readonly prefix: string;
  readonly #client: Client;
  readonly #blocking: Client;
  readonly #subscriber: Client;
  readonly #timeoutMs: number;
  readonly #events: StoreEvents;
  readonly #logger: Logger;
  readonly #name: string;
  #up = false;
  readonly #healthListeners = new Set<(up: boolean) => void>();
  #blockingId: number | undefined;
  #closed = false;

  constructor(config: ClusterConfig, logger: Logger, events: StoreEvents = {}) {
    this.prefix = config.prefix;
    this.#timeoutMs = config.commandTimeoutMs;
    this.#events = events;
    this.#logger = logger;
    this.#name = config.redisName;
    const socket = {
      connectTimeout: Math.max(1_000, config.commandTimeoutMs),
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1_000),
      ...('path' in config.redis ? { path: config.redis.path } : {}),
    };
    this.#client = createClient({
      ...('url' in config.redis ? { url: config.redis.url } : {}),
      socket,
      disableOfflineQueue: true,
    });
    this.#blocking = this.#client.duplicate();
    this.#subscriber = this.#client.duplicate();
    for (const client of [this.#client, this.#blocking, this.#subscriber]) {
      // Errors are reported by the commands that meet them; the client reconnects by itself.
      client.on('error', () => {});
    }
    this.#client.on('ready', () => this.#health(true));
    this.#blocking.on('ready', () => {
      this.#blockingId = undefined;
    });
    this.#client.on('end', () => this.#health(false));
    this.#client.on('reconnecting', () => this.#health(false));
  }

  get up(): boolean {
    return this.#up;
  }

  /** Calls `listener` at every change of reachability (after connect()); returns its removal. */
  onHealth(listener: (up: boolean) => void): () => void {
    this.#healthListeners.add(listener);
    return () => this.#healthListeners.delete(listener);
  }

  /**
   * Connects all three connections within `withinMs` (the client retries by itself meanwhile);
   * else closes them and throws naming the (safe) address.
   */
  async connect(withinMs: number): Promise<void> {
    const deadline = Date.now() + withinMs;
    const connectOne = async (client: Client) => {
      if (client.isOpen) return;
      const connecting = client.connect();
      connecting.catch(() => {});
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('late')), Math.max(0, deadline - Date.now()));
      });
      try {
        await Promise.race([connecting, late]);
      } catch {
        for (const each of [this.#client, this.#blocking, this.#subscriber]) {
          if (each.isOpen) each.destroy();
        }
        throw new Error(
          `cannot reach Redis at ${this.#name} (REDIS_URL): cluster mode needs it at start-up`,
        );
      } finally {
        clearTimeout(timer);
      }
    };
    await connectOne(this.#client);
    await connectOne(this.#blocking);
    await connectOne(this.#subscriber);
    this.#health(true);
  }

  #health(up: boolean): void {
    if (this.#closed || up === this.#up) return;
    this.#up = up;
    this.#events.health?.(up);
    for (const listener of this.#healthListeners) listener(up);
    if (up) this.#logger.info('cluster: the coordination store (Redis) is reachable');
    else this.#logger.warn('cluster: the coordination store (Redis) is unreachable');
  }

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  /** One command; any failure (Redis down, a timeout) is a GatewayError naming the store. */
  async command(args: (string | number)[], raw = false): Promise<Reply> {
    const started = performance.now();
    try {
      return (await this.#client.sendCommand(args.map(String), {
        timeout: this.#timeoutMs,
      })) as Reply;
    } catch (error) {
      if (raw) throw error;
      throw storeUnavailable();
    } finally {
      this.#events.command?.(String(args[0]), (performance.now() - started) / 1000);
    }
  }

  /** Runs a script (EVALSHA, EVAL when the script cache was lost). */
  async run(s: Script, keys: string[], args: (string | number)[] = []): Promise<Reply> {
    const tail = [keys.length, ...keys, ...args];
    try {
      return await this.command(['EVALSHA', s.sha, ...tail], true);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
        return this.command(['EVAL', s.lua, ...tail]);
      }
      if (error instanceof Error && /^(ERR|WRONGTYPE)/.test(error.message)) {
        this.#logger.error({ script: s.name, err: error.message }, 'cluster: script failed');
      }
      throw storeUnavailable();
    }
  }

  /** A blocking command (XREAD BLOCK) on its own connection; abort with `signal`. */
  async blocking(args: (string | number)[], signal: AbortSignal): Promise<Reply> {
    try {
      // Its id, so that unblock() can cut it short (learnt while the connection is not blocked).
      this.#blockingId ??= Number(
        await this.#blocking.sendCommand(['CLIENT', 'ID'], { timeout: this.#timeoutMs }),
      );
      return (await this.#blocking.sendCommand(args.map(String), { abortSignal: signal })) as Reply;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw error instanceof Error && error.message.startsWith('ERR') ? error : storeUnavailable();
    }
  }

  /** Cuts the blocking command running now short (it returns nil): a stream was added. */
  async unblock(): Promise<void> {
    if (this.#blockingId === undefined) return;
    await this.command(['CLIENT', 'UNBLOCK', this.#blockingId]).catch(() => {});
  }

  /** Subscribes to a hint channel (pub/sub: hints only, every hint has a polling fallback). */
  async subscribe(channel: string, listener: (message: string) => void): Promise<void> {
    await this.#subscriber.subscribe(channel, (message: string) => listener(message));
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.command(['PUBLISH', channel, message]).catch(() => {});
  }

  async close(): Promise<void> {
    this.#closed = true;
    // The blocking connection has nothing to flush, and a graceful close would wait for its XREAD
    // (up to its 5 s block): it is cut. The others finish what they sent (released leases).
    if (this.#blocking.isOpen) this.#blocking.destroy();
    await Promise.allSettled(
      [this.#client, this.#subscriber].map((client) =>
        client.isOpen ? client.close() : Promise.resolve(),
      ),
    );
  }
}
