/**
 * The IPC protocol between the benchmark (parent) and bench/stack-process.ts (child): the parent
 * sends one Command at a time with an id, the child answers with the same id.
 */

export interface StackOptions {
  /** createSeed({accounts, brokersPerAccount}); default: the fixed demo seed. */
  seed?: { accounts: number; brokersPerAccount: number };
  latencyMs?: number;
  listingDelayMs?: number;
  longPollMs?: number;
  /** simulator.relationships.setKnobs(...) once it started (run speed and length). */
  relationshipKnobs?: { tickMs?: number; steps?: number; startDelayMs?: number };
  /** Gateway settings, as environment variables (see src/config.ts); PORT/HOST are forced. */
  settings?: Record<string, string>;
  /** false: the simulator alone (its gateways are other processes); `urls.gateway` is ''. */
  gateway?: boolean;
}

export interface StackUrls {
  gateway: string;
  simulator: string;
}

/** The child's first IPC message: both servers listen. */
export interface Ready {
  ready: StackUrls;
}

export interface Usage {
  /** process.cpuUsage() of the stack process (user + system), microseconds. */
  cpuMicros: number;
  rss: number;
  heapUsed: number;
  /** performance.now() of the stack process, ms: the wall clock of the CPU figure. */
  atMs: number;
}

/** What the simulator's request log holds, without the bodies (kept small for IPC). */
export interface LoggedRequest {
  method: string;
  path: string;
  url: string;
  accountId: string | null;
  authorization: string | null;
  at: number;
}

export interface RequestCounts {
  /** Requests to /api/*. */
  api: number;
  /** list-* calls. */
  list: number;
  /** GET /api/messages/client (init and long polls). */
  feed: number;
}

export interface GatewayStats {
  activeReaders: number;
  listingsInFlight: number;
  listingWaiters: number;
}

export type Command =
  | { op: 'issueTokens'; count: number }
  | { op: 'setLatency'; ms: number }
  | { op: 'setListingDelay'; ms: number }
  | { op: 'setLongPoll'; ms: number }
  | { op: 'clearRequests' }
  | { op: 'requests' }
  | { op: 'counts' }
  | { op: 'polls' }
  | { op: 'holdListings' }
  | { op: 'releaseListings' }
  | { op: 'heldListings' }
  | { op: 'queueHeads'; tokens?: string[] }
  | { op: 'broadcast' }
  | { op: 'pollsPerToken'; tokens: string[] }
  | { op: 'injectSteady'; token: string; count: number; everyMs: number }
  | { op: 'usage'; gc: boolean }
  | { op: 'gateway' }
  | { op: 'stop' };

export type Op = Command['op'];

export interface Replies {
  issueTokens: string[];
  setLatency: null;
  setListingDelay: null;
  setLongPoll: null;
  clearRequests: null;
  requests: LoggedRequest[];
  counts: RequestCounts;
  /** Long polls held now, and the high-water mark since the last clearRequests. */
  polls: { inFlight: number; max: number };
  holdListings: null;
  releaseListings: null;
  heldListings: number;
  /** The distinct queue heads of the issued tokens, or of `tokens` (one value when every queue
   * got the same). */
  queueHeads: string[];
  /** Long polls held just before the broadcast. */
  broadcast: { pollsInFlight: number };
  /** Over `tokens`: the long polls held now (total), the most any one token holds now, and the
   * most any one token held at once since the last clearRequests. */
  pollsPerToken: { total: number; inFlight: number; max: number };
  /** The ids of `count` messages injected into one token's queue, one every `everyMs`. */
  injectSteady: string[];
  usage: Usage;
  gateway: GatewayStats;
  stop: null;
}

export interface Request {
  id: number;
  command: Command;
}

export type Response =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string };

/** Calls from the stack process to the simulator's thread (bench/simulator-worker.ts). */
export type SimulatorCall =
  | { method: 'issueTokens'; username: string; count: number }
  | { method: 'setLatency' | 'setListingDelay' | 'setLongPoll'; ms: number }
  | {
      method:
        | 'clearRequests'
        | 'requests'
        | 'counts'
        | 'polls'
        | 'holdListings'
        | 'releaseListings'
        | 'heldListings'
        | 'broadcast'
        | 'stop';
    }
  | { method: 'queueHeads' | 'pollsPerToken'; tokens: string[] }
  | { method: 'injectSteady'; token: string; count: number; everyMs: number };

export type SimulatorReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string };
