import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultList } from './faults';
import type { Knobs } from './knobs';
import { SimListings } from './listings';
import type { PipelineDeps } from './pipeline';
import { handleRequest } from './pipeline';
import { QueueRegistry } from './queues';
import { RelationshipEngine } from './relationships';
import { ReportEngine } from './reports';
import { ROUTES } from './routes/index';
import { createSeed } from './seed';
import type { SimServices } from './services';
import { Store } from './store';
import { TimerSet } from './timers';
import { TokenRegistry } from './tokens';
import type { RecordedRequest, Simulator, SimulatorOptions } from './types';

const LISTING_PATH = /\/(list-[A-Za-z0-9-]+)$/;

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** A Cloud Sync look-alike (token service and API) on a real loopback HTTP server. */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const host = options.host ?? '127.0.0.1';
  const defaults: Knobs = {
    latencyMs: options.latencyMs ?? 0,
    listingDelayMs: options.listingDelayMs ?? 50,
    longPollMs: options.longPollMs ?? 25_000,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 86_400,
    inclusiveLast: false,
    reversePages: false,
    headId: null,
    offlineBrokersAnswer: options.offlineBrokersAnswer ?? true,
    plainStrings: false,
  };
  const knobs: Knobs = { ...defaults };
  const timers = new TimerSet();
  const queues = new QueueRegistry(
    { initialMessageId: options.initialMessageId ?? 5801, retention: options.retention ?? 1000 },
    timers,
  );
  const tokens = new TokenRegistry((session) => queues.create(session.token));
  const seed = options.seed ?? createSeed();
  const store = new Store(seed);
  const listings = new SimListings(queues, timers, knobs);
  const relationships = new RelationshipEngine(seed, timers, {
    live: options.liveRelationships ?? false,
  });
  const reports = new ReportEngine(timers);
  const services: SimServices = { store, tokens, queues, listings, knobs, relationships, reports };
  const faults = new FaultList();
  const log: RecordedRequest[] = [];
  const inFlight = new Set<AbortController>();
  const deps: PipelineDeps = { services, routes: ROUTES, faults, timers, log, inFlight };
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let baseUrl: string | undefined;

  const abortInFlight = (reason: string) => {
    for (const controller of [...inFlight]) controller.abort(reason);
  };

  return {
    get url() {
      if (baseUrl === undefined) throw new Error('the simulator is not started');
      return baseUrl;
    },

    get requests() {
      return log;
    },

    relationships,

    reports,

    async start() {
      if (server) return;
      const created = createServer((req, res) => {
        handleRequest(deps, req, res).catch(() => res.destroy());
      });
      created.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      created.on('clientError', (_error, socket) => socket.destroy());
      await new Promise<void>((resolve, reject) => {
        created.once('error', reject);
        created.listen(options.port ?? 0, host, () => {
          created.off('error', reject);
          resolve();
        });
      });
      server = created;
      baseUrl = `http://${urlHost(host)}:${(created.address() as AddressInfo).port}`;
    },

    async stop() {
      const closing = server;
      if (!closing) return;
      server = undefined;
      baseUrl = undefined;
      abortInFlight('stop');
      listings.reset();
      timers.clearAll();
      const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
      closing.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      await closed;
    },

    reset() {
      abortInFlight('reset');
      listings.reset();
      timers.clearAll();
      queues.clear();
      tokens.clear();
      store.reset();
      relationships.reset();
      reports.reset();
      faults.clear();
      Object.assign(knobs, defaults);
      log.length = 0;
    },

    clearRequests() {
      log.length = 0;
      queues.resetHighWater();
    },

    issueToken(username, opts) {
      const user = store.userByName(username);
      if (!user) throw new Error(`no seeded user ${username}`);
      return tokens.issue(user, opts?.ttlSeconds ?? knobs.tokenTtlSeconds).token;
    },

    expireToken(token) {
      if (!tokens.expire(token))
        throw new Error('expireToken: this token was not issued by the simulator');
    },

    setLatency(ms) {
      knobs.latencyMs = ms;
    },
    setListingDelay(ms) {
      knobs.listingDelayMs = ms;
    },
    setLongPoll(ms) {
      knobs.longPollMs = ms;
    },

    setFeedQuirks(quirks) {
      if (quirks.inclusiveLast !== undefined) knobs.inclusiveLast = quirks.inclusiveLast;
      if (quirks.reversePages !== undefined) knobs.reversePages = quirks.reversePages;
      if (quirks.headId !== undefined) knobs.headId = quirks.headId;
    },
    recreateQueue(token, head) {
      queues.recreate(token, head);
    },

    addFault(rule) {
      faults.add(rule);
    },
    clearFaults() {
      faults.clear();
    },

    failListings(error, times) {
      listings.fail(error, times);
    },
    dropListings(times) {
      listings.drop(times);
    },
    holdListings() {
      listings.hold();
    },
    releaseListings(opts) {
      listings.release(opts?.reverse ?? false);
    },
    heldListingCount() {
      return listings.heldCount();
    },
    setRequestIdIn202(on) {
      listings.requestIdIn202 = on;
    },
    setListingShapes(shapes) {
      if (shapes.plainStrings !== undefined) knobs.plainStrings = shapes.plainStrings;
    },
    setListingReply(reply) {
      listings.reply = reply ? { ...reply } : null;
    },

    injectMessage(token, message) {
      return queues.append(token, message);
    },
    broadcast(message) {
      queues.broadcast(message);
    },
    queueHead(token) {
      return String(queues.head(token));
    },
    pollsInFlight(token) {
      return queues.pollsInFlight(token);
    },
    maxPollsInFlight(token) {
      return queues.maxPollsInFlight(token);
    },
    listCallCount(operation) {
      const wanted =
        operation === undefined || operation.startsWith('list-') ? operation : `list-${operation}`;
      return log.filter((request) => {
        const found = LISTING_PATH.exec(request.path)?.[1];
        return found !== undefined && (wanted === undefined || found === wanted);
      }).length;
    },
  };
}
