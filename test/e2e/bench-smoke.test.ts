import { describe, expect, it } from 'vitest';
import { runBench } from '../../bench/harness';

// The benchmark's smoke mode, in process: it proves the harness works (every scenario runs and
// yields numbers). Whether a figure meets its goal is the benchmark's business, not this test's.
describe('bench --smoke', () => {
  it('runs all eight scenarios and measures every figure', { timeout: 60_000 }, async () => {
    const log: string[] = [];
    const report = await runBench({ smoke: true, log: (message) => log.push(message) });

    expect(report.mode).toBe('smoke');
    expect(report.machine.cores).toBeGreaterThan(0);
    const failed = report.scenarios.filter((scenario) => scenario.error);
    expect(failed, log.join('\n')).toEqual([]);
    expect(report.scenarios.map((scenario) => scenario.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const scenario of report.scenarios) {
      expect(scenario.rows.length, scenario.name).toBeGreaterThan(0);
      for (const row of scenario.rows) {
        expect(Number.isFinite(row.value), `${scenario.name}: ${row.metric}`).toBe(true);
        if (row.goal) expect(typeof row.pass, `${scenario.name}: ${row.metric}`).toBe('boolean');
      }
    }
  });
});
