import { describe, expect, it } from 'vitest';
import { runBench } from '../../bench/harness';
import { noRedis } from '../cluster/redis';

// The benchmark's smoke mode, in process: it proves the harness works (every scenario runs and
// yields numbers). Whether a figure meets its goal is the benchmark's business, not this test's.
// The cluster scenario (9) needs a Redis server binary: without one it is skipped, in one line.
describe('bench --smoke', () => {
  it('runs all nine scenarios and measures every figure', { timeout: 180_000 }, async () => {
    const log: string[] = [];
    const report = await runBench({ smoke: true, log: (message) => log.push(message) });

    expect(report.mode).toBe('smoke');
    expect(report.machine.cores).toBeGreaterThan(0);
    const failed = report.scenarios.filter((scenario) => scenario.error);
    expect(failed, log.join('\n')).toEqual([]);
    expect(report.scenarios.map((scenario) => scenario.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const scenario of report.scenarios) {
      if (scenario.id === 9 && noRedis) {
        expect(scenario.skipped).toMatch(/redis-tools/);
        expect(scenario.rows).toEqual([]);
        expect(log).toContain(`cluster: skipped: ${scenario.skipped}`);
        continue;
      }
      expect(scenario.skipped, scenario.name).toBeUndefined();
      if (scenario.id === 9) {
        // Every cluster figure: polls per token, list calls, added latency, Redis commands, failover.
        const metrics = scenario.rows.map((row) => row.metric).join('\n');
        for (const figure of [
          /×3: long polls in flight/,
          /×3: most long polls on one token/,
          /×3: list calls for \d+ identical listings/,
          /added by cluster mode, p50/,
          /Redis commands per listing, sent by the gateways/,
          /leader failover gap \(FEED_LEASE_MS = \d+ ms\)/,
        ]) {
          expect(metrics).toMatch(figure);
        }
      }
      expect(scenario.rows.length, scenario.name).toBeGreaterThan(0);
      for (const row of scenario.rows) {
        expect(Number.isFinite(row.value), `${scenario.name}: ${row.metric}`).toBe(true);
        if (row.goal) expect(typeof row.pass, `${scenario.name}: ${row.metric}`).toBe('boolean');
      }
    }
  });
});
