/**
 * The measured process: the simulator and the gateway, on loopback, in a child of the benchmark so
 * that load generation (autocannon, graphql-ws clients) never runs on their event loop.
 *
 *   node --expose-gc --import tsx bench/stack-process.ts '<StackOptions as JSON>'
 *
 * Prints `{"gateway": url, "simulator": url}` as one JSON line on stdout once both listen, and
 * sends the same as a Ready message over IPC; then takes Commands over IPC (bench/protocol.ts).
 * Exits on "stop" or when the parent goes away; a `--cpu-prof` profile is written on that exit.
 * The gateway logs as configured (LOG_LEVEL, default info) to stdout, which the benchmark sends
 * to /dev/null: the cost of a log line per operation is part of what is measured.
 */
import { loadConfig } from '../src/config';
import { createGateway } from '../src/server';
import { createSeed, createSimulator, DEMO_USER } from '../src/simulator';
import type {
  Command,
  LoggedRequest,
  Ready,
  Replies,
  Request,
  RequestCounts,
  Response,
  StackOptions,
  StackUrls,
} from './protocol';

const LISTING = /\/list-[A-Za-z0-9-]+$/;
const FEED = '/api/messages/client';

const options = JSON.parse(process.argv[2] ?? '{}') as StackOptions;

const sim = createSimulator({
  seed: options.seed ? createSeed(options.seed) : createSeed(),
  latencyMs: options.latencyMs ?? 0,
  listingDelayMs: options.listingDelayMs ?? 50,
  longPollMs: options.longPollMs ?? 25_000,
});
await sim.start();
const config = loadConfig({
  ...options.settings,
  PORT: '0',
  HOST: '127.0.0.1',
});
const gateway = createGateway(config, { apiUrl: sim.url, authUrl: sim.url });
await gateway.start();

const tokens: string[] = [];
const gc = (globalThis as { gc?: () => void }).gc;

async function handle(command: Command): Promise<Replies[Command['op']]> {
  switch (command.op) {
    case 'issueTokens': {
      const issued: string[] = [];
      for (let i = 0; i < command.count; i++) issued.push(sim.issueToken(DEMO_USER.username));
      tokens.push(...issued);
      return issued;
    }
    case 'setLatency':
      sim.setLatency(command.ms);
      return null;
    case 'setListingDelay':
      sim.setListingDelay(command.ms);
      return null;
    case 'setLongPoll':
      sim.setLongPoll(command.ms);
      return null;
    case 'clearRequests':
      sim.clearRequests();
      return null;
    case 'requests':
      return sim.requests
        .filter((r) => r.path.startsWith('/api/'))
        .map(
          (r): LoggedRequest => ({
            method: r.method,
            path: r.path,
            url: r.url,
            accountId: r.accountId ?? null,
            authorization: r.authorization ?? null,
            at: r.at,
          }),
        );
    case 'counts': {
      const counts: RequestCounts = { api: 0, list: 0, feed: 0 };
      for (const r of sim.requests) {
        if (!r.path.startsWith('/api/')) continue;
        counts.api++;
        if (r.path === FEED) counts.feed++;
        else if (LISTING.test(r.path)) counts.list++;
      }
      return counts;
    }
    case 'polls':
      return { inFlight: sim.pollsInFlight(), max: sim.maxPollsInFlight() };
    case 'holdListings':
      sim.holdListings();
      return null;
    case 'releaseListings':
      sim.releaseListings();
      return null;
    case 'heldListings':
      return sim.heldListingCount();
    case 'queueHeads':
      return [...new Set(tokens.map((token) => sim.queueHead(token)))];
    case 'broadcast': {
      const pollsInFlight = sim.pollsInFlight();
      sim.broadcast({ operation: 'bench', payload: { at: Date.now() } });
      return { pollsInFlight };
    }
    case 'usage': {
      if (command.gc && gc) {
        gc();
        gc();
      }
      const cpu = process.cpuUsage();
      const memory = process.memoryUsage();
      return {
        cpuMicros: cpu.user + cpu.system,
        rss: memory.rss,
        heapUsed: memory.heapUsed,
        atMs: performance.now(),
      };
    }
    case 'gateway':
      return {
        activeReaders: gateway.services.feed.activeReaders,
        listingsInFlight: gateway.services.listings.inFlight,
        listingWaiters: gateway.services.listings.waiters,
      };
    case 'stop':
      await shutdown();
      return null;
  }
}

let stopped = false;
async function shutdown(): Promise<void> {
  if (stopped) return;
  stopped = true;
  await gateway.stop();
  await sim.stop();
}

function reply(response: Response, then?: () => void): void {
  if (!process.send || !process.connected) return;
  process.send(response, undefined, {}, () => then?.());
}

process.on('message', (message: Request) => {
  handle(message.command).then(
    (value) =>
      reply({ id: message.id, ok: true, value }, () => {
        if (message.command.op === 'stop') process.exit(0);
      }),
    (error: unknown) => reply({ id: message.id, ok: false, error: String(error) }),
  );
});

// The parent went away (crashed or killed): never outlive it.
process.on('disconnect', () => {
  shutdown().finally(() => process.exit(0));
});

const urls: StackUrls = { gateway: gateway.url, simulator: sim.url };
process.stdout.write(`${JSON.stringify(urls)}\n`);
process.send?.({ ready: urls } satisfies Ready);
