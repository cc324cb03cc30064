/**
 * npm run bench                      the full benchmark; writes bench/results.json
 * npm run bench -- --smoke           seconds, small sizes (CI): proves the harness works
 * npm run bench -- --only=overhead   some scenarios (overhead, fanout, listing, subscribers,
 *                                    single-flight, relationship-progress, startup, cluster); results.json
 *                                    is left alone unless --out; cluster needs a Redis server binary
 *                                    (Debian's redis-tools) and is skipped, in one line, without one
 * npm run bench -- --profile         also writes --cpu-prof profiles of the stack processes to
 *                                    bench/profiles (see bench/profile-top.ts)
 * --out=<file>                       where to write the JSON report
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runBench, SCENARIOS } from './harness';
import { failures, renderTable } from './table';

const HERE = fileURLToPath(new URL('.', import.meta.url));

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

const only = values.only?.split(',').map((key) => key.trim());
const known = new Set(SCENARIOS.map((entry) => entry.key));
for (const key of only ?? []) {
  if (!known.has(key)) {
    console.error(`unknown scenario "${key}"; one of ${[...known].join(', ')}`);
    process.exit(2);
  }
}
const profileDir = values.profile ? resolve(HERE, 'profiles') : undefined;
if (profileDir) mkdirSync(profileDir, { recursive: true });

const report = await runBench({
  smoke: values.smoke,
  only,
  profileDir,
  log: (message) => console.error(`[bench] ${message}`),
});

console.log(renderTable(report));
const failed = failures(report);
console.log(`\n${failed === 0 ? 'every goal met' : `${failed} figure(s) miss their goal`}`);

const out = values.out ?? (values.smoke || only ? undefined : resolve(HERE, 'results.json'));
if (out) {
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written: ${out}`);
}
if (profileDir) console.log(`profiles: ${profileDir}`);
// A figure missing its goal is a finding, not a crash; a scenario that could not run is.
process.exitCode = report.scenarios.some((scenario) => scenario.error) ? 1 : 0;
