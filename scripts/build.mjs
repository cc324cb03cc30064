#!/usr/bin/env node
/**
 * Compiles the gateway and the simulator once, into dist/ (ES modules for Node 20 and later), so
 * that `npm start`, `npm run simulator` and `npx cloudsync-graphql` start without compiling
 * TypeScript. npm runs it on `npm install` and `npm ci` (the `prepare` script); `npm run build`
 * runs it again after the sources changed. The dependencies are bundled too: one file to read
 * instead of hundreds to resolve and load halves the start's CPU. GraphiQL's page (a 9 MB module,
 * imported on its first request) stays in node_modules.
 *
 *   node scripts/build.mjs [--outdir=<dir inside the project>]
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } });
const outdir = resolve(root, values.outdir);

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts', 'src/simulator/main.ts'],
  outbase: 'src',
  outdir,
  bundle: true,
  external: ['@graphql-yoga/render-graphiql'],
  // One copy of each package, ESM where it has one (graphql: one realm for every importer).
  mainFields: ['module', 'main'],
  // The CommonJS dependencies' require() of Node's own modules, in an ES module.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
});
