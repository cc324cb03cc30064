import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Built here rather than in dist/ (what `npm start` runs: the same build, left alone). */
const OUT = 'node_modules/.cache/bench-dist';
let built: Promise<string> | undefined;

/**
 * Builds the gateway as `npm install` does (scripts/build.mjs), once per benchmark run, so that
 * the figures are the current sources'; returns the entry to run with node (relative to the
 * project's root).
 */
export function buildGateway(): Promise<string> {
  built ??= promisify(execFile)(process.execPath, ['scripts/build.mjs', `--outdir=${OUT}`], {
    cwd: ROOT,
  }).then(
    ({ stderr }) => {
      if (stderr) process.stderr.write(stderr);
      return `${OUT}/main.js`;
    },
    (error: unknown) => {
      built = undefined;
      throw error;
    },
  );
  return built;
}
