import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Built here rather than in dist/ (what `npm start` runs: the same build, left alone). */
const OUT = 'node_modules/.cache/bench-dist';
let built = false;

/**
 * Builds the gateway as `npm install` does (scripts/build.mjs), once per benchmark run, so that
 * the figures are the current sources'; returns the entry to run with node (relative to the
 * project's root).
 */
export function buildGateway(): string {
  if (!built) {
    execFileSync(process.execPath, ['scripts/build.mjs', `--outdir=${OUT}`], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    built = true;
  }
  return `${OUT}/main.js`;
}
