import type { FaultRule } from './faults';
import type { ListingReply } from './listings';
import type { MessageInput, Seed } from './model';
import type { RelationshipControls } from './relationships';
import type { ReportEngine } from './reports';

export interface SimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Default createSeed(). */
  seed?: Seed;
  /** Added before every answer (default 0). */
  latencyMs?: number;
  /** Between a list-* 202 and its result on the feed (default 50). */
  listingDelayMs?: number;
  /** How long messages/client holds when nothing is newer (default 25000). */
  longPollMs?: number;
  /** Default 86400. */
  tokenTtlSeconds?: number;
  /** The head id of a new queue (default 5801); its first message gets the next id. */
  initialMessageId?: number;
  /**
   * Whether a broker that is not COMPLETE (FAILED: offline; no status: not yet connected) still
   * posts listing results (default true, which tests rely on). As in Cloud Sync, the demo says
   * false: the list call is accepted and nothing ever comes back.
   */
  offlineBrokersAnswer?: boolean;
  /** Messages kept per queue (default 1000). */
  retention?: number;
  /**
   * The seeded RUNNING relationship of each account moves by itself (demo mode). Default false: it
   * stays RUNNING, held, until `relationships.releaseRun(id)`.
   */
  liveRelationships?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** Pathname only. */
  path: string;
  /** Pathname and search. */
  url: string;
  query: Record<string, string>;
  authorization: string | undefined;
  /** The x-account-id header. */
  accountId: string | undefined;
  /**
   * Every other request header (lower-case names, first value), authorization excepted: a list
   * call's credential headers included, so that tests can assert what the gateway sent.
   */
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, else its text, else undefined. */
  body: unknown;
  at: number;
  /** The `hugeBody` fault: the bytes of its answer written before it ended or the client left. */
  bodyBytesSent?: number;
}

export interface Simulator {
  /** "http://127.0.0.1:PORT"; throws before start(). */
  readonly url: string;
  start(): Promise<void>;
  /** Closes the server, destroys every open socket and clears every timer. */
  stop(): Promise<void>;
  /** Back to the seed: data, tokens, queues, faults, knobs and the request log. */
  reset(): void;
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[];
  clearRequests(): void;
  /** A valid access token for a seeded user, without HTTP. */
  issueToken(username: string, opts?: { ttlSeconds?: number }): string;
  /** The token now answers 401 "TokenExpiredError: jwt expired". */
  expireToken(token: string): void;
  setLatency(ms: number): void;
  setListingDelay(ms: number): void;
  setLongPoll(ms: number): void;
  /**
   * Message-feed misbehaviours (each until reset()): `inclusiveLast` answers `?last=N` with N itself
   * too; `reversePages` sends pages newest first; `headId` is the id the init call answers (e.g. a
   * non-numeric one), null for the real head.
   */
  setFeedQuirks(quirks: {
    inclusiveLast?: boolean;
    reversePages?: boolean;
    headId?: string | null;
  }): void;
  /** The token's queue is recreated upstream: messages gone, ids restart after `head` (lower). */
  recreateQueue(token: string, head: number): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** The next `times` (default 1) listing results are error payloads. */
  failListings(error: { code: string; message: string }, times?: number): void;
  /** The next `times` (default 1) listing results are never posted. */
  dropListings(times?: number): void;
  /** Results are kept back until releaseListings(). */
  holdListings(): void;
  /** Posts every held result, in request order or reversed, and stops holding. */
  releaseListings(opts?: { reverse?: boolean }): void;
  heldListingCount(): number;
  /** When on, a list call's 202 body is {"requestId"} and its result carries that id. */
  setRequestIdIn202(on: boolean): void;
  /** Knob `plainStrings`: listing results become plain strings (each item's name), until reset(). */
  setListingShapes(shapes: { plainStrings?: boolean }): void;
  /** How every list call is answered from now on (null: the default 202); see ListingReply. */
  setListingReply(reply: ListingReply | null): void;
  /** Appends to the token's queue; returns the new message id. */
  injectMessage(token: string, message: MessageInput): string;
  /** Appends to every existing queue. */
  broadcast(message: MessageInput): void;
  /** The newest id of the token's queue. */
  queueHead(token: string): string;
  /** Long polls held right now (for a token, or all). */
  pollsInFlight(token?: string): number;
  /** High-water mark of pollsInFlight since reset() or clearRequests(). */
  maxPollsInFlight(token?: string): number;
  /** The relationship lifecycle's knobs and test controls (reset() restores them). */
  readonly relationships: RelationshipControls;
  /** Reports: knobs (tickMs, steps) and failNextReport. */
  readonly reports: Pick<ReportEngine, 'knobs' | 'setKnobs' | 'failNextReport'>;
  /** list-* requests received (of one operation, "list-s3-buckets" or "s3-buckets", or all). */
  listCallCount(operation?: string): number;
}
