/**
 * The simulator on a thread of its own inside the measured process: Cloud Sync is a remote
 * service, so its CPU must not be spent on the gateway's event loop. The stack process calls it
 * by message (bench/stack-process.ts, `simulatorCall`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { createSeed, createSimulator, type Simulator } from '../src/simulator';
import type { SimulatorCall, SimulatorReply } from './protocol';

const options = workerData as {
  seed?: { accounts?: number; brokersPerAccount?: number };
  latencyMs: number;
  listingDelayMs: number;
  longPollMs: number;
  relationshipKnobs?: { tickMs?: number; steps?: number; startDelayMs?: number };
};
const sim: Simulator = createSimulator({
  seed: options.seed ? createSeed(options.seed) : createSeed(),
  latencyMs: options.latencyMs,
  listingDelayMs: options.listingDelayMs,
  longPollMs: options.longPollMs,
});
if (options.relationshipKnobs) sim.relationships.setKnobs(options.relationshipKnobs);
await sim.start();

const LISTING = /\/list-[A-Za-z0-9-]+$/;
const FEED = '/api/messages/client';

function run(call: SimulatorCall): unknown {
  switch (call.method) {
    case 'issueTokens':
      return Array.from({ length: call.count }, () => sim.issueToken(call.username));
    case 'setLatency':
      return sim.setLatency(call.ms);
    case 'setListingDelay':
      return sim.setListingDelay(call.ms);
    case 'setLongPoll':
      return sim.setLongPoll(call.ms);
    case 'clearRequests':
      return sim.clearRequests();
    case 'requests':
      return sim.requests
        .filter((r) => r.path.startsWith('/api/'))
        .map((r) => ({
          method: r.method,
          path: r.path,
          url: r.url,
          accountId: r.accountId ?? null,
          authorization: r.authorization ?? null,
          at: r.at,
        }));
    case 'counts': {
      const counts = { api: 0, list: 0, feed: 0 };
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
      return sim.holdListings();
    case 'releaseListings':
      return sim.releaseListings();
    case 'heldListings':
      return sim.heldListingCount();
    case 'queueHeads':
      return [...new Set(call.tokens.map((token) => sim.queueHead(token)))];
    case 'pollsPerToken': {
      let total = 0;
      let inFlight = 0;
      let max = 0;
      for (const token of call.tokens) {
        const now = sim.pollsInFlight(token);
        total += now;
        inFlight = Math.max(inFlight, now);
        max = Math.max(max, sim.maxPollsInFlight(token));
      }
      return { total, inFlight, max };
    }
    case 'injectSteady':
      return injectSteady(call.token, call.count, call.everyMs);
    case 'broadcast': {
      const pollsInFlight = sim.pollsInFlight();
      sim.broadcast({ operation: 'bench', payload: { at: Date.now() } });
      return { pollsInFlight };
    }
    case 'stop':
      return sim.stop();
  }
}

/** `count` messages into one queue, one every `everyMs` (by the clock, not by the timers' drift). */
async function injectSteady(token: string, count: number, everyMs: number): Promise<string[]> {
  const ids: string[] = [];
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    const wait = started + index * everyMs - performance.now();
    if (wait > 0) await sleep(wait);
    ids.push(sim.injectMessage(token, { operation: 'bench', payload: { index } }));
  }
  return ids;
}

parentPort?.on('message', (message: { id: number; call: SimulatorCall }) => {
  Promise.resolve()
    .then(() => run(message.call))
    .then(
      (value) =>
        parentPort?.postMessage({ id: message.id, ok: true, value } satisfies SimulatorReply),
      (error: unknown) =>
        parentPort?.postMessage({
          id: message.id,
          ok: false,
          error: String(error),
        } satisfies SimulatorReply),
    );
});
parentPort?.postMessage({ url: sim.url });
