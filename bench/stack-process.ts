/**
 * The measured process: the gateway, and the simulator on a thread of its own, on loopback, in a
 * child of the benchmark so that load generation (autocannon, graphql-ws clients) never runs on
 * their event loops.
 *
 *   node --expose-gc --import tsx bench/stack-process.ts '<StackOptions as JSON>'
 *
 * Prints `{"gateway": url, "simulator": url}` as one JSON line on stdout once both listen, and
 * sends the same as a Ready message over IPC; then takes Commands over IPC (bench/protocol.ts).
 * Exits on "stop" or when the parent goes away; a `--cpu-prof` profile is written on that exit.
 * The gateway logs as configured (LOG_LEVEL, default info) to stdout, which the benchmark sends
 * to /dev/null: the cost of a log line per operation is part of what is measured.
 */
import { Worker } from 'node:worker_threads';
import { DEMO_USER } from '../src/simulator';
import type {
  Command,
  LoggedRequest,
  Ready,
  Replies,
  Request,
  RequestCounts,
  Response,
  SimulatorCall,
  SimulatorReply,
  StackOptions,
  StackUrls,
} from './protocol';

const options = JSON.parse(process.argv[2] ?? '{}') as StackOptions;

// The simulator runs on its own thread: its CPU is Cloud Sync's, not the gateway's event loop's.
const worker = new Worker(new URL('./simulator-worker.mjs', import.meta.url), {
  workerData: {
    seed: options.seed,
    latencyMs: options.latencyMs ?? 0,
    listingDelayMs: options.listingDelayMs ?? 50,
    longPollMs: options.longPollMs ?? 25_000,
    relationshipKnobs: options.relationshipKnobs,
  },
});
const simulatorUrl = await new Promise<string>((resolve, reject) => {
  worker.once('message', (message: { url: string }) => resolve(message.url));
  worker.once('error', reject);
});
const pending = new Map<number, (reply: SimulatorReply) => void>();
let nextCall = 0;
worker.on('message', (reply: SimulatorReply) => {
  pending.get(reply.id)?.(reply);
  pending.delete(reply.id);
});

function simulator<T>(call: SimulatorCall): Promise<T> {
  const id = nextCall++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, (reply) =>
      reply.ok ? resolve(reply.value as T) : reject(new Error(reply.error)),
    );
    worker.postMessage({ id, call });
  });
}

// Without a gateway (its gateways are other processes), its sources are not even loaded.
const gateway = options.gateway === false ? null : await startGateway();
async function startGateway() {
  const [{ createGateway }, { loadConfig }] = await Promise.all([
    import('../src/app'),
    import('../src/config'),
  ]);
  const config = loadConfig({ ...options.settings, PORT: '0', HOST: '127.0.0.1' });
  const started = createGateway(config, { apiUrl: simulatorUrl, authUrl: simulatorUrl });
  await started.start();
  return started;
}

const tokens: string[] = [];
const gc = (globalThis as { gc?: () => void }).gc;

async function handle(command: Command): Promise<Replies[Command['op']]> {
  switch (command.op) {
    case 'issueTokens': {
      const issued = await simulator<string[]>({
        method: 'issueTokens',
        username: DEMO_USER.username,
        count: command.count,
      });
      tokens.push(...issued);
      return issued;
    }
    case 'setLatency':
    case 'setListingDelay':
    case 'setLongPoll':
      await simulator({ method: command.op, ms: command.ms });
      return null;
    case 'clearRequests':
    case 'holdListings':
    case 'releaseListings':
      await simulator({ method: command.op });
      return null;
    case 'requests':
      return simulator<LoggedRequest[]>({ method: 'requests' });
    case 'counts':
      return simulator<RequestCounts>({ method: 'counts' });
    case 'polls':
      return simulator<{ inFlight: number; max: number }>({ method: 'polls' });
    case 'heldListings':
      return simulator<number>({ method: 'heldListings' });
    case 'queueHeads':
      return simulator<string[]>({ method: 'queueHeads', tokens: command.tokens ?? tokens });
    case 'pollsPerToken':
      return simulator<Replies['pollsPerToken']>({
        method: 'pollsPerToken',
        tokens: command.tokens,
      });
    case 'injectSteady':
      return simulator<string[]>({
        method: 'injectSteady',
        token: command.token,
        count: command.count,
        everyMs: command.everyMs,
      });
    case 'broadcast':
      return simulator<{ pollsInFlight: number }>({ method: 'broadcast' });
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
      if (!gateway) throw new Error('this stack process runs no gateway');
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
  await gateway?.stop();
  await simulator({ method: 'stop' });
  await worker.terminate();
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

const urls: StackUrls = { gateway: gateway?.url ?? '', simulator: simulatorUrl };
process.stdout.write(`${JSON.stringify(urls)}\n`);
process.send?.({ ready: urls } satisfies Ready);
