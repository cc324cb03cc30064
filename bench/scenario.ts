import { setTimeout as sleep } from 'node:timers/promises';
import type { StackOptions } from './protocol';
import type { ScenarioResult } from './report';
import type { Sizes } from './sizes';
import type { StackProcess } from './stack';

export interface ScenarioContext {
  sizes: Sizes;
  smoke: boolean;
  /** Set: the stack processes write `--cpu-prof` profiles there. */
  profileDir?: string;
  log(message: string): void;
}

/** A scenario: the stack process it needs, and what it measures on it. */
export interface Scenario {
  /** The scenario's simulator and gateway settings (BENCH_SETTINGS are added). */
  stack(sizes: Sizes): StackOptions;
  run(ctx: ScenarioContext, stack: StackProcess): Promise<ScenarioResult | ScenarioResult[]>;
}

/** Gateway settings every stack gets: production mode, and subscription caps out of the way. */
export const BENCH_SETTINGS: Record<string, string> = {
  NODE_ENV: 'production',
  MAX_SUBSCRIPTIONS_PER_CONNECTION: '100000',
  MAX_SUBSCRIPTIONS_PER_TOKEN: '1000000',
};

/** Polls `check` every `everyMs` until it holds; false when `ms` passed first (bounded). */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  ms: number,
  everyMs = 20,
): Promise<boolean> {
  const deadline = performance.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (performance.now() > deadline) return false;
    await sleep(everyMs);
  }
}
