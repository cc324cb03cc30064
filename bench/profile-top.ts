/**
 * Where the time goes in a `--cpu-prof` profile (from `npm run bench -- --profile`):
 *
 *   npx tsx bench/profile-top.ts bench/profiles/<file>.cpuprofile [top=30]
 *
 * Prints self time by function and by package (node_modules/<name>, src/<dir>, node internals).
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const IDLE = new Set(['(idle)', '(program)']);

function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  if (url.startsWith('node:')) return url.split('/')[0] ?? url;
  const src = url.indexOf('/src/');
  if (src >= 0) return `src/${url.slice(src + 5).split('/')[0]}`;
  return url;
}

interface Top {
  totalMs: number;
  idleMs: number;
  functions: { name: string; where: string; ms: number }[];
  /** Time with the function on the stack (callees included), each sample counted once per key. */
  inclusive: { name: string; where: string; ms: number }[];
  packages: { name: string; ms: number }[];
}

function frameKey(frame: CallFrame): { key: string; name: string; where: string } {
  const name = frame.functionName || '(anonymous)';
  const short = frame.url.replace(/^file:\/\/.*?\/(node_modules|src)\//, '$1/');
  const where = frame.url ? `${short}:${frame.lineNumber + 1}` : '';
  return { key: `${name} ${where}`, name, where };
}

function summarizeProfile(profile: Profile): Top {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const functions = new Map<string, { name: string; where: string; ms: number }>();
  const packages = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  for (const [id, micros] of self) {
    const frame = byNode.get(id)?.callFrame;
    if (!frame) continue;
    const ms = micros / 1000;
    totalMs += ms;
    if (IDLE.has(frame.functionName)) {
      idleMs += ms;
      continue;
    }
    const { key, name, where } = frameKey(frame);
    const entry = functions.get(key) ?? { name, where, ms: 0 };
    entry.ms += ms;
    functions.set(key, entry);
    const pkg = packageOf(frame.url, frame.functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  }
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, { name: string; where: string; ms: number }>();
  for (const [id, micros] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byNode.get(at)?.callFrame;
      if (!frame || frame.functionName === '(root)' || IDLE.has(frame.functionName)) continue;
      const { key, name, where } = frameKey(frame);
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = inclusive.get(key) ?? { name, where, ms: 0 };
      entry.ms += micros / 1000;
      inclusive.set(key, entry);
    }
  }
  return {
    totalMs,
    idleMs,
    functions: [...functions.values()].sort((a, b) => b.ms - a.ms),
    inclusive: [...inclusive.values()].sort((a, b) => b.ms - a.ms),
    packages: [...packages].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms),
  };
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  if (!file) {
    console.error('usage: tsx bench/profile-top.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  const top = Number(topArg ?? 30);
  const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const busy = summary.totalMs - summary.idleMs;
  const pct = (ms: number) => `${((100 * ms) / busy).toFixed(1).padStart(5)}%`;
  console.log(
    `sampled ${(summary.totalMs / 1000).toFixed(1)} s, busy ${(busy / 1000).toFixed(1)} s ` +
      `(idle/program ${(summary.idleMs / 1000).toFixed(1)} s); shares are of busy time\n`,
  );
  console.log('self time by package');
  for (const item of summary.packages.slice(0, top)) {
    console.log(`${pct(item.ms)} ${item.ms.toFixed(0).padStart(8)} ms  ${item.name}`);
  }
  console.log('\nself time by function');
  for (const item of summary.functions.slice(0, top)) {
    console.log(
      `${pct(item.ms)} ${item.ms.toFixed(0).padStart(8)} ms  ${item.name}  ${item.where}`,
    );
  }
  console.log('\ntotal time (callees included) by function');
  for (const item of summary.inclusive.slice(0, top)) {
    console.log(
      `${pct(item.ms)} ${item.ms.toFixed(0).padStart(8)} ms  ${item.name}  ${item.where}`,
    );
  }
}

main();
