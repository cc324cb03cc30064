import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'undici';
import type { UpstreamTimeouts } from '../config';

/** What one look at CLOUDSYNC_API_URL found. */
export type ProbeResult =
  /** It answered the way Cloud Sync does. */
  | { kind: 'cloudsync' }
  /** Something answers there, but not Cloud Sync: the setting is wrong. */
  | { kind: 'not-cloudsync'; reason: string }
  /** Nothing usable answered (refused, timed out, 5xx). */
  | { kind: 'unavailable'; reason: string };

export type Probe = (signal: AbortSignal) => Promise<ProbeResult>;

/** The two log calls Readiness makes (a pino logger fits). */
export interface ReadinessLogger {
  info(message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface ReadinessOptions {
  /**
   * How long an answer like Cloud Sync's counts as "recent".
   * @default 10_000
   */
  freshMs?: number;
  /**
   * How long `check()` waits for a probe it started before it answers.
   * @default 2_000
   */
  waitMs?: number;
  logger?: ReadinessLogger;
  now?: () => number;
}

export interface ReadinessState {
  ready: boolean;
  /** Words for a person: why it is (not) ready. */
  reason: string;
}

/**
 * `/readyz`: ready while Cloud Sync answered like Cloud Sync recently (a probe, or real traffic
 * seen through `observe`). A `check()` with no recent answer probes (one probe at a time) and waits
 * for it briefly, so the first call after a start tells the truth. A URL that answers but is not Cloud
 * Sync is logged once per change of what was found.
 */
export class Readiness {
  readonly #probe: Probe;
  readonly #freshMs: number;
  readonly #waitMs: number;
  readonly #logger: ReadinessLogger | undefined;
  readonly #now: () => number;
  #lastAnswer = Number.NEGATIVE_INFINITY;
  #lastResult: ProbeResult | null = null;
  #logged: string | null = null;
  #probing: Promise<ProbeResult | null> | null = null;
  #stopping = false;
  readonly #abort = new AbortController();

  constructor(probe: Probe, options: ReadinessOptions = {}) {
    this.#probe = probe;
    this.#freshMs = options.freshMs ?? 10_000;
    this.#waitMs = options.waitMs ?? 2_000;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
  }

  /**
   * An answer of real traffic: a 2xx, 401 or 403 from the API shows Cloud Sync is there (a 5xx or
   * a failure proves nothing either way: the next check probes).
   */
  observe(status: number): void {
    if ((status >= 200 && status < 300) || status === 401 || status === 403) {
      this.#lastAnswer = this.#now();
    }
  }

  /** From now on never ready (the process is stopping); a probe under way is abandoned. */
  stop(): void {
    this.#stopping = true;
    this.#abort.abort(new Error('stopping'));
  }

  async check(): Promise<ReadinessState> {
    if (this.#stopping) return { ready: false, reason: 'stopping' };
    if (this.#fresh()) return { ready: true, reason: 'ready' };
    this.#probing ??= this.#runProbe().finally(() => {
      this.#probing = null;
    });
    const wait = new AbortController();
    const probed = await Promise.race([
      this.#probing,
      sleep(this.#waitMs, undefined, { signal: wait.signal }).then(
        () => null,
        () => null,
      ),
    ]);
    wait.abort();
    if (this.#stopping) return { ready: false, reason: 'stopping' };
    // The probe this check waited for answered like Cloud Sync: that is as recent as it gets.
    if (probed?.kind === 'cloudsync' || this.#fresh()) return { ready: true, reason: 'ready' };
    const last = this.#lastResult;
    if (last === null || last.kind === 'cloudsync') {
      return { ready: false, reason: 'waiting for Cloud Sync' };
    }
    return { ready: false, reason: last.reason };
  }

  #fresh(): boolean {
    return this.#now() - this.#lastAnswer <= this.#freshMs;
  }

  async #runProbe(): Promise<ProbeResult | null> {
    let result: ProbeResult;
    try {
      result = await this.#probe(this.#abort.signal);
    } catch (error) {
      result = {
        kind: 'unavailable',
        reason: `Cloud Sync could not be probed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (this.#stopping) return null;
    this.#lastResult = result;
    if (result.kind === 'cloudsync') this.#lastAnswer = this.#now();
    this.#log(result);
    return result;
  }

  /** One line per change of what the probes find, never one per probe. */
  #log(result: ProbeResult): void {
    const key = result.kind === 'cloudsync' ? 'cloudsync' : `${result.kind}: ${result.reason}`;
    if (key === this.#logged) return;
    const first = this.#logged === null;
    this.#logged = key;
    if (result.kind === 'cloudsync') {
      if (!first) this.#logger?.info('Cloud Sync answers again: ready');
    } else {
      this.#logger?.warn({ readiness: result.kind }, `not ready: ${result.reason}`);
    }
  }
}

/** The probe's answer is read up to this many bytes: a Cloud Sync error body is tiny. */
const PROBE_BODY_BYTES = 64 * 1024;

/**
 * GET /api/accounts without a token: Cloud Sync answers 401 with its JSON error body
 * `{"code": 401, "message": "..."}`. A 404, a page that is not that JSON, or a redirect means the
 * URL is something else; a failure or a 5xx means Cloud Sync is not answering.
 */
export function cloudSyncProbe(
  apiUrl: string,
  timeouts: UpstreamTimeouts,
): { probe: Probe; close: () => Promise<void> } {
  const agent = new Agent({
    connect: { timeout: timeouts.connectMs },
    headersTimeout: timeouts.headersMs,
    bodyTimeout: timeouts.bodyMs,
    keepAliveTimeout: 10_000,
    connections: 1,
  });
  const where = `CLOUDSYNC_API_URL (${apiUrl})`;
  const probe: Probe = async (signal) => {
    const deadline = AbortSignal.timeout(timeouts.deadlineMs);
    const abort = new AbortController();
    const stop = () => abort.abort();
    signal.addEventListener('abort', stop, { once: true });
    deadline.addEventListener('abort', stop, { once: true });
    try {
      const url = new URL(`${apiUrl}/api/accounts`);
      const response = await agent.request({
        origin: url.origin,
        path: url.pathname,
        method: 'GET',
        headers: { accept: 'application/json' },
        signal: abort.signal,
      });
      const status = response.statusCode;
      const declared = Number(response.headers['content-length']);
      let text = '';
      if (Number.isFinite(declared) && declared > PROBE_BODY_BYTES) response.body.destroy();
      else {
        for await (const chunk of response.body) {
          text += (chunk as Buffer).toString('utf8');
          if (text.length > PROBE_BODY_BYTES) {
            response.body.destroy();
            break;
          }
        }
      }
      return classify(where, status, text);
    } catch (error) {
      const why = deadline.aborted
        ? 'did not answer in time'
        : `cannot be reached (${(error as { code?: string }).code ?? (error instanceof Error ? error.message : 'error')})`;
      return { kind: 'unavailable', reason: `Cloud Sync at ${where} ${why}` };
    } finally {
      signal.removeEventListener('abort', stop);
      deadline.removeEventListener('abort', stop);
    }
  };
  return { probe, close: () => agent.destroy() };
}

function classify(where: string, status: number, text: string): ProbeResult {
  const json = parseJson(text);
  const errorShape =
    typeof json === 'object' &&
    json !== null &&
    !Array.isArray(json) &&
    typeof (json as Record<string, unknown>).message === 'string';
  if ((status === 401 || status === 403) && errorShape) return { kind: 'cloudsync' };
  if (status >= 200 && status < 300 && Array.isArray(json)) return { kind: 'cloudsync' };
  if (status >= 500) {
    return { kind: 'unavailable', reason: `Cloud Sync at ${where} answers ${status}` };
  }
  const what =
    status === 404
      ? 'has no /api/accounts (404)'
      : status >= 300 && status < 400
        ? `redirects /api/accounts (${status})`
        : `answers /api/accounts with ${status} and a body that is not Cloud Sync's`;
  return {
    kind: 'not-cloudsync',
    reason: `${where} ${what}: it does not look like the Cloud Sync API. Check the setting (it should be the API origin, e.g. https://api.cloudsync.netapp.com)`,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
