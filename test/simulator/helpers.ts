/** The simulator's own tests (split by route): one simulator per test file, raw HTTP calls to it. */
import { expect, vi } from 'vitest';
import type { Simulator, WireFeedMessage } from '../../src/simulator/index';
import { CLIENT_IDS, createSimulator, DEMO_USER, SEED_IDS } from '../../src/simulator/index';

export const LONG_POLL_MS = 200;
export const TEST = SEED_IDS.accounts.test;
export const PRODUCTION = SEED_IDS.accounts.production;
export const OTHER = SEED_IDS.accounts.other;
export const AZURE = SEED_IDS.brokers.azure;

/** One simulator per test file (each file is its own module graph). */
export const sim = createSimulator({ listingDelayMs: 5, longPollMs: LONG_POLL_MS });

export interface CallOptions {
  token?: string;
  account?: string;
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  redirect?: RequestRedirect;
}

export function call(
  path: string,
  options: CallOptions = {},
  target: Simulator = sim,
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.account !== undefined) headers['x-account-id'] = options.account;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${target.url}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
    redirect: options.redirect,
  });
}

export function demoToken(target: Simulator = sim): string {
  return target.issueToken(DEMO_USER.username);
}

export function login(body: unknown): Promise<Response> {
  return fetch(`${sim.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function passwordGrant(
  username: string,
  password: string,
  clientId: string = CLIENT_IDS.docs,
) {
  return login({
    grant_type: 'password',
    username,
    password,
    audience: 'https://api.cloud.netapp.com',
    client_id: clientId,
    scope: 'profile',
  });
}

export async function poll(
  token: string,
  last: string | number,
  target: Simulator = sim,
): Promise<WireFeedMessage[]> {
  const res = await call(`/api/messages/client?last=${last}`, { token }, target);
  expect(res.status).toBe(200);
  return (await res.json()) as WireFeedMessage[];
}

export async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  await vi.waitUntil(condition, { timeout: timeoutMs, interval: 5 });
}

export function decodeSegment(segment: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

export function operationOf(message: WireFeedMessage): string | undefined {
  return Object.keys(message.payload)[0];
}
