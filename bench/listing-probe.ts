/**
 * Where a waiting listing's time goes, in one process: the simulator and the gateway on loopback,
 * N sequential `s3Buckets` queries on one token after a warm-up, each with the simulator's request
 * log (offsets from the query's start) and the response time less D. For quick A/B comparisons:
 *
 *   npx tsx bench/listing-probe.ts [--listings=200] [--delay=50] [--show=3] [--latency=0] > /dev/null
 *
 * Prints the log of the last `show` listings and one JSON line of percentiles on stderr.
 */
import diagnostics from 'node:diagnostics_channel';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { createGateway } from '../src/app';
import { loadConfig } from '../src/config';
import { createSeed, createSimulator, DEMO_USER, SEED_IDS } from '../src/simulator';
import { SimListings } from '../src/simulator/listings';
import { QueueRegistry } from '../src/simulator/queues';

// When the simulator took the list call and when it appended the answer (monotonic ms).
let submitted = 0;
let appended = 0;
const submit = SimListings.prototype.submit;
SimListings.prototype.submit = function (this: SimListings, ...args: Parameters<typeof submit>) {
  submitted = performance.now();
  return submit.apply(this, args);
};
const append = QueueRegistry.prototype.append;
QueueRegistry.prototype.append = function (
  this: QueueRegistry,
  ...args: Parameters<typeof append>
) {
  appended = performance.now();
  return append.apply(this, args);
};

const { values } = parseArgs({
  options: {
    listings: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '50' },
    delay: { type: 'string', default: '50' },
    show: { type: 'string', default: '2' },
    latency: { type: 'string', default: '0' },
  },
});
const delayMs = Number(values.delay);
const sim = createSimulator({
  seed: createSeed(),
  latencyMs: Number(values.latency),
  listingDelayMs: delayMs,
});
await sim.start();
const token = sim.issueToken(DEMO_USER.username);
const gateway = createGateway(
  loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' }),
  { apiUrl: sim.url, authUrl: sim.url },
);
await gateway.start();
const client = new Pool(gateway.url, { connections: 1 });
const body = JSON.stringify({
  query:
    'query($a: ID!, $b: ID!) { account(id: $a) { dataBroker(id: $b) { s3Buckets { name } } } }',
  variables: { a: SEED_IDS.accounts.test, b: SEED_IDS.brokers.aws },
});
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

let feedHeaders = 0;
let feedDone = 0;
// The gateway's upstream calls (undici's diagnostics channels): sent and answered, monotonic ms.
const calls: { path: string; sent: number; headers?: number; done?: number }[] = [];
const byRequest = new WeakMap<object, (typeof calls)[number]>();
diagnostics.subscribe('undici:request:create', (message) => {
  const { request } = message as { request: { path: string; origin: string } };
  if (!request.origin.includes(new URL(sim.url).host)) return;
  const call = { path: request.path.replace(/\?.*/, ''), sent: performance.now() };
  byRequest.set(request, call);
  calls.push(call);
});
diagnostics.subscribe('undici:request:headers', (message) => {
  const call = byRequest.get((message as { request: object }).request);
  if (call) call.headers = performance.now();
  if (call?.path.endsWith('/messages/client')) feedHeaders = performance.now();
});
diagnostics.subscribe('undici:request:trailers', (message) => {
  const call = byRequest.get((message as { request: object }).request);
  if (call) call.done = performance.now();
  if (call?.path.endsWith('/messages/client')) feedDone = performance.now();
});

async function listing(): Promise<{
  ms: number;
  log: string[];
  before: number;
  after: number;
  late: number;
}> {
  const from = sim.requests.length;
  calls.length = 0;
  const started = performance.now();
  const t0 = Date.now();
  const response = await client.request({ method: 'POST', path: '/graphql', headers, body });
  const text = await response.body.text();
  const ms = performance.now() - started;
  if (!text.includes('"name"')) throw new Error(`no buckets: ${text}`);
  const f = (t: number | undefined) => (t === undefined ? '-' : (t - started).toFixed(2));
  const log = [
    ...sim.requests
      .slice(from)
      .map((r) => `  sim +${r.at - t0} ms ${r.method} ${r.url.replace(/\?.*/, '')}`),
    ...calls.map(
      (c) => `  gw sent ${f(c.sent)} headers ${f(c.headers)} done ${f(c.done)} ${c.path}`,
    ),
    `  list call taken ${f(submitted)}, answer appended ${f(appended)}, feed answer headers ${f(feedHeaders)} body ${f(feedDone)}, response ${ms.toFixed(2)}`,
  ];
  const ended = started + ms;
  return {
    ms,
    log,
    before: submitted - started,
    after: ended - appended,
    late: appended - submitted - delayMs,
  };
}

for (let i = 0; i < Number(values.warmup); i++) await listing();
const extra: number[] = [];
const befores: number[] = [];
const afters: number[] = [];
const lates: number[] = [];
const show = Number(values.show);
const n = Number(values.listings);
for (let i = 0; i < n; i++) {
  const { ms, log, before, after, late } = await listing();
  extra.push(ms - delayMs);
  befores.push(before);
  afters.push(after);
  lates.push(late);
  if (i >= n - show)
    console.log(`listing ${i}: ${(ms - delayMs).toFixed(2)} ms over D\n${log.join('\n')}`);
}
const pct = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2));
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99) };
};
console.error(
  JSON.stringify({
    listings: n,
    delayMs,
    extra: pct(extra),
    toListCall: pct(befores),
    timerLate: pct(lates),
    fromAnswer: pct(afters),
  }),
);
await client.close();
await gateway.stop();
await sim.stop();
