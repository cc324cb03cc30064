import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { type Client, createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { Simulator } from '../../src/simulator';
import type { TestRedis } from './redis';

/**
 * Gateway replicas as real processes (`src/main.ts`) on one Redis, the simulator in the test
 * process (design/cluster.md §7.1). Everything a rig starts, `stop()` ends.
 */

export interface Replica {
  readonly id: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** What the replica wrote on stderr (its logs at LOG_LEVEL, start-up errors). */
  stderr(): string;
}

export interface GraphQLResult<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export class Rig {
  readonly replicas: Replica[] = [];
  readonly #clients: Client[] = [];
  readonly #sim: Simulator;
  readonly #redis: TestRedis;
  readonly #env: Record<string, string>;

  constructor(sim: Simulator, redis: TestRedis, env: Record<string, string> = {}) {
    this.#sim = sim;
    this.#redis = redis;
    this.#env = env;
  }

  /** Starts a replica and resolves once it printed its ready line. */
  start(id: string, env: Record<string, string> = {}): Promise<Replica> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        CLOUDSYNC_API_URL: this.#sim.url,
        CLOUDSYNC_AUTH_URL: this.#sim.url,
        REDIS_URL: this.#redis.url,
        REPLICA_ID: id,
        FEED_IDLE_MS: '200',
        FEED_LEASE_MS: '1000',
        LOG_LEVEL: 'silent',
        READINESS_WAIT_MS: '0',
        ...this.#env,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr?.on('data', (chunk) => {
      err += chunk;
    });
    return new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`replica ${id} not ready`)), 90_000);
      child.stdout?.on('data', (chunk) => {
        out += chunk;
        const ready = /ready: (http:\/\/[^\s]+)\/graphql/.exec(out);
        if (ready?.[1]) {
          clearTimeout(timer);
          const replica = { id, url: ready[1], child, stderr: () => err };
          this.replicas.push(replica);
          resolve(replica);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`replica ${id} exited (${code}): ${err.trim()}`));
      });
    });
  }

  /** Kills a replica (SIGKILL: no hand-off, no clean-up) and waits for its exit. */
  kill(replica: Replica, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const { child } = replica;
    return new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  ws(replica: Replica, token: string): Client {
    const client = createWsClient({
      url: `${replica.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: true,
    });
    this.#clients.push(client);
    return client;
  }

  async stop(): Promise<void> {
    await Promise.all(this.#clients.splice(0).map((client) => client.dispose()));
    await Promise.all(this.replicas.splice(0).map((replica) => this.kill(replica)));
  }
}

export async function gql<T>(
  replica: Replica,
  query: string,
  variables: Record<string, unknown>,
  token: string,
): Promise<GraphQLResult<T>> {
  const res = await fetch(`${replica.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GraphQLResult<T>;
}

/** A gauge's value on one replica (its /metrics); NaN when it is not there. */
export async function gauge(replica: Replica, name: string): Promise<number> {
  const text = await (await fetch(`${replica.url}/metrics`)).text();
  const line = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return line ? Number(line[1]) : Number.NaN;
}

/** Polls an asynchronous check (every 50 ms) until it holds, or fails naming `what`. */
export async function untilAsync(
  check: () => Promise<boolean>,
  ms: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** redis-cli on the test Redis's socket (its quoted, numbered output). */
export function redisCli(redis: TestRedis, ...args: string[]): string {
  return execFileSync('redis-cli', ['-s', redis.socket, '--no-raw', ...args], {
    encoding: 'utf8',
  });
}

/** redis-cli's raw output: one value per line. */
export function redisRaw(redis: TestRedis, ...args: string[]): string[] {
  return execFileSync('redis-cli', ['-s', redis.socket, '--raw', ...args], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}

/** Members of a cap zset that still count (score = expiry, on Redis's clock). */
export function liveMembers(redis: TestRedis, key: string): number {
  const [seconds, micros] = redisRaw(redis, 'TIME').map(Number);
  const now = (seconds ?? 0) * 1000 + Math.floor((micros ?? 0) / 1000);
  return Number(redisRaw(redis, 'ZCOUNT', key, String(now), '+inf')[0]);
}

export const FEED = 'subscription($after: ID) { feedMessages(after: $after) { id operation } }';
export const BUCKETS = `query($a: ID!, $b: ID!) { account(id: $a) { dataBroker(id: $b) { s3Buckets { name } } } }`;
export const FOLDERS = `query($a: ID!, $b: ID!, $host: String!, $export: String!, $path: String) {
  account(id: $a) { dataBroker(id: $b) { nfsExportFolders(host: $host, exportName: $export, path: $path) { path } } } }`;
