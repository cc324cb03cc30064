import { randomBytes } from 'node:crypto';
import { type Client, createClient } from 'graphql-ws';
import { inject, vi } from 'vitest';
import WebSocket from 'ws';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/app';
import { loadConfig, type Settings } from '../../src/config';
import type { Logger } from '../../src/observability/logger';
import {
  createSimulator,
  DEMO_USER,
  OTHER_USER,
  type Simulator,
  type SimulatorOptions,
} from '../../src/simulator';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

export interface Stack {
  sim: Simulator;
  gateway: Gateway;
  /** A fresh token of the demo user and of the other user (each with its own queue). */
  demoToken(): string;
  otherToken(): string;
  /** POST /graphql as JSON. `token: null` sends no Authorization header. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GraphQLResponse<T>>;
  /** A graphql-ws client with that token in connectionParams (closed by stop()). */
  ws(token: string | null): Client;
  /** Upstream requests the simulator received, excluding the token service. */
  apiRequests(): Simulator['requests'];
  stop(): Promise<void>;
}

/**
 * The Redis of the `cluster-parity` project (vitest.config.ts, design/cluster.md §7.2 scenario 9):
 * set there, every gateway these helpers start runs in cluster mode on it; undefined otherwise.
 */
export const clusterRedisUrl: string | undefined = inject('redisUrl');

/**
 * The gateway settings of a stack on this simulator: `settings` on top of the test defaults, and in
 * the cluster-parity project Redis, the simulator as the configured upstream (cluster mode requires
 * one) and a key prefix of its own (test files run side by side on one Redis).
 */
export function gatewaySettings(simUrl: string, settings: Settings = {}): Settings {
  return {
    PORT: '0',
    FEED_IDLE_MS: '0',
    LOG_LEVEL: 'silent',
    ...(clusterRedisUrl
      ? {
          REDIS_URL: clusterRedisUrl,
          REDIS_PREFIX: `parity-${randomBytes(4).toString('hex')}`,
          CLOUDSYNC_API_URL: simUrl,
          CLOUDSYNC_AUTH_URL: simUrl,
        }
      : {}),
    ...settings,
  };
}

/** The real simulator and the real gateway, each on its own loopback port. */
export async function startStack(
  options: {
    settings?: Settings;
    simulator?: SimulatorOptions;
    logger?: Logger;
    gateway?: GatewayOptions;
  } = {},
): Promise<Stack> {
  const sim = createSimulator({ longPollMs: 400, listingDelayMs: 20, ...options.simulator });
  await sim.start();
  const config = loadConfig(gatewaySettings(sim.url, options.settings));
  const gateway = createGateway(
    config,
    { apiUrl: sim.url, authUrl: sim.url },
    { ...options.gateway, ...(options.logger ? { logger: options.logger } : {}) },
  );
  await gateway.start();
  const clients: Client[] = [];

  return {
    sim,
    gateway,
    demoToken: () => sim.issueToken(DEMO_USER.username),
    otherToken: () => sim.issueToken(OTHER_USER.username),
    async gql(query, variables, token) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as object) };
    },
    ws(token) {
      const client = createClient({
        url: `${gateway.url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        retryAttempts: 0,
        lazy: true,
      });
      clients.push(client);
      return client;
    },
    apiRequests: () => sim.requests.filter((r) => r.path.startsWith('/api/')),
    async stop() {
      await Promise.all(clients.map((client) => client.dispose()));
      await gateway.stop();
      await sim.stop();
    },
  };
}

/** Collects every event of a graphql-ws subscription until it completes or fails. */
export function subscribeAll<T = Record<string, unknown>>(
  client: Client,
  query: string,
  variables?: Record<string, unknown>,
): { events: T[]; errors: unknown[]; done: Promise<void>; unsubscribe: () => void } {
  const events: T[] = [];
  const errors: unknown[] = [];
  let unsubscribe = () => {};
  const done = new Promise<void>((resolve) => {
    unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          if (value.data) events.push(value.data as T);
          if (value.errors) errors.push(...value.errors);
        },
        error: (error) => {
          if (Array.isArray(error)) errors.push(...error);
          else errors.push(error);
          resolve();
        },
        complete: resolve,
      },
    );
  });
  return { events, errors, done, unsubscribe };
}

/**
 * Waits until `check` holds (vi.waitUntil, polling every 10 ms); fails after `ms`, naming `what`
 * (a bound, not a speed assertion).
 */
export async function until(check: () => boolean, ms = 5_000, what = 'condition'): Promise<void> {
  await vi.waitUntil(check, { timeout: ms, interval: 10 }).catch(() => {
    throw new Error(`timed out waiting for ${what}`);
  });
}

export const codes = (response: GraphQLResponse<unknown>): unknown[] =>
  (response.errors ?? []).map((error) => error.extensions?.code);
