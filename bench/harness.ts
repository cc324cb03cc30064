import { type BenchReport, load1, machine, type ScenarioResult } from './report';
import { BENCH_SETTINGS, type Scenario, type ScenarioContext } from './scenario';
import { cluster } from './scenarios/cluster';
import { fanout } from './scenarios/fanout';
import { listingLatency } from './scenarios/listing-latency';
import { overhead } from './scenarios/overhead';
import { relationshipProgress } from './scenarios/relationship-progress';
import { singleFlight } from './scenarios/single-flight';
import { startup } from './scenarios/startup';
import { subscribersAndIdle } from './scenarios/subscribers';
import { FULL, type Sizes, SMOKE } from './sizes';
import { type StackProcess, startStackProcess } from './stack';

interface Entry {
  key: string;
  /** The ids and names of the results it produces (4 and 5 share one stack). */
  ids: number[];
  names: string[];
  scenario: Scenario | StandaloneScenario;
}

/** A scenario that starts its own processes (no stack process). */
interface StandaloneScenario {
  standalone(ctx: ScenarioContext): Promise<ScenarioResult>;
}

export const SCENARIOS: Entry[] = [
  { key: 'overhead', ids: [1], names: ['Overhead'], scenario: overhead },
  { key: 'fanout', ids: [2], names: ['Fan-out'], scenario: fanout },
  { key: 'listing', ids: [3], names: ['Listing latency'], scenario: listingLatency },
  {
    key: 'subscribers',
    ids: [4, 5],
    names: ['Subscriber scale', 'Idle cost'],
    scenario: subscribersAndIdle,
  },
  { key: 'single-flight', ids: [6], names: ['Single flight'], scenario: singleFlight },
  {
    key: 'relationship-progress',
    ids: [7],
    names: ['Relationship progress'],
    scenario: relationshipProgress,
  },
  { key: 'startup', ids: [8], names: ['Start-up'], scenario: { standalone: startup } },
  { key: 'cluster', ids: [9], names: ['Cluster'], scenario: { standalone: cluster } },
];

export interface BenchOptions {
  smoke?: boolean;
  /** Scenario keys to run (default all): overhead, fanout, listing, subscribers, single-flight,
   * relationship-progress, startup, cluster. */
  only?: string[];
  profileDir?: string;
  log?: (message: string) => void;
}

function launch(
  scenario: Scenario,
  sizes: Sizes,
  profileDir: string | undefined,
): Promise<StackProcess> {
  const options = scenario.stack(sizes);
  return startStackProcess({
    ...options,
    settings: { ...BENCH_SETTINGS, ...options.settings },
    profileDir,
  });
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Runs the scenarios one after the other, each on a fresh stack process that is stopped when it
 * ends. A full run starts each process just before its scenario, so nothing else runs on the
 * machine meanwhile; the smoke mode starts them all at once up front, to be quick.
 */
export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const smoke = options.smoke ?? false;
  const sizes = smoke ? SMOKE : FULL;
  const ctx: ScenarioContext = {
    sizes,
    smoke,
    profileDir: options.profileDir,
    log: options.log ?? (() => {}),
  };
  const selected = SCENARIOS.filter((entry) => !options.only || options.only.includes(entry.key));
  const started = performance.now();
  const startLoad = load1();
  const early = new Map<string, Promise<StackProcess>>();
  if (smoke) {
    for (const entry of selected) {
      if ('standalone' in entry.scenario) continue;
      const starting = launch(entry.scenario, sizes, options.profileDir);
      starting.catch(() => {}); // awaited (and reported) by its scenario
      early.set(entry.key, starting);
    }
  }
  const scenarios: ScenarioResult[] = [];
  try {
    for (const entry of selected) {
      const begun = performance.now();
      let stack: StackProcess | undefined;
      try {
        const { scenario } = entry;
        let result: ScenarioResult | ScenarioResult[];
        if ('standalone' in scenario) result = await scenario.standalone(ctx);
        else {
          stack = await (early.get(entry.key) ?? launch(scenario, sizes, options.profileDir));
          result = await scenario.run(ctx, stack);
        }
        scenarios.push(...(Array.isArray(result) ? result : [result]));
        ctx.log(`${entry.key}: ${((performance.now() - begun) / 1000).toFixed(1)} s`);
      } catch (error) {
        ctx.log(`${entry.key} failed: ${error instanceof Error ? error.stack : String(error)}`);
        entry.ids.forEach((id, index) => {
          scenarios.push({
            id,
            name: entry.names[index] ?? entry.key,
            rows: [],
            details: {},
            error: message(error),
          });
        });
      } finally {
        await stack?.stop();
      }
    }
  } finally {
    // Whatever happened, no stack process outlives the run.
    await Promise.allSettled([...early.values()].map(async (starting) => (await starting).stop()));
  }
  return {
    mode: smoke ? 'smoke' : 'full',
    machine: machine(startLoad),
    seconds: (performance.now() - started) / 1000,
    scenarios,
  };
}
