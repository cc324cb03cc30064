#!/usr/bin/env node
// `npx cloudsync-graphql`: runs the compiled gateway (dist/, which `npm install` builds). In a
// checkout installed without scripts (no dist/), the TypeScript sources through tsx instead.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
