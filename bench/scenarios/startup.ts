import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildGateway } from '../build';
import { atMost, row, type ScenarioResult } from '../report';
import type { ScenarioContext } from '../scenario';
import { round, summarize } from '../stats';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const READY = /cloudsync-graphql ready: /;
const TIMEOUT_MS = 60_000;

/** user + system CPU of a live process from /proc (Linux), in ms; NaN elsewhere. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // After "pid (comm) ": state is field 0, utime field 11, stime field 12, in clock ticks (100/s).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** One start of `args` (`npm start` runs `node dist/main.js`), demo mode: spawn to the ready line. */
function startOnce(args: string[]): Promise<{ ms: number; cpuMs: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1' };
  delete env.CLOUDSYNC_API_URL;
  delete env.CLOUDSYNC_AUTH_URL;
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ready line within ${TIMEOUT_MS} ms: ${out.slice(-400)}`));
    }, TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (!READY.test(out)) return;
      const ms = performance.now() - started;
      const cpu = child.pid === undefined ? Number.NaN : cpuMs(child.pid);
      child.stdout.off('data', onData);
      clearTimeout(timer);
      child.once('exit', () => resolve({ ms, cpuMs: cpu }));
      child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      if (!READY.test(out)) {
        clearTimeout(timer);
        reject(new Error(`exited (${code}) before its ready line: ${out.slice(-400)}`));
      }
    });
  });
}

/**
 * `npm start` to ready in demo mode: the compiled gateway and the embedded simulator, from spawn to
 * the ready line, a few times in a row (the median is the figure); built first, as `npm install`
 * does, so the figure is the current sources'.
 */
export async function startup(ctx: ScenarioContext): Promise<ScenarioResult> {
  const main = await buildGateway();
  const runs = ctx.smoke ? 1 : 5;
  const times: number[] = [];
  const cpu: number[] = [];
  ctx.log(`start-up: ${runs} starts of node dist/main.js (demo mode)`);
  for (let index = 0; index < runs; index++) {
    const run = await startOnce([main]);
    times.push(run.ms);
    cpu.push(run.cpuMs);
  }
  const wall = summarize(times);
  const used = summarize(cpu);
  // What every start cost before the build step: TypeScript compiled by tsx (one run, full mode).
  const tsx = ctx.smoke ? undefined : await startOnce(['--import', 'tsx', 'src/main.ts']);
  return {
    id: 8,
    name: 'Start-up',
    rows: [
      row('npm start to ready (demo mode), median', round(wall.p50 / 1000, 2), 's', atMost(2)),
      ...(Number.isFinite(used.p50)
        ? [row('its CPU (user + system), median', round(used.p50), 'ms')]
        : []),
      ...(tsx
        ? [row('the sources through tsx (no build), for comparison', round(tsx.ms / 1000, 2), 's')]
        : []),
      ...(tsx && Number.isFinite(tsx.cpuMs) ? [row('their CPU', round(tsx.cpuMs), 'ms')] : []),
    ],
    details: { runs, times, cpuMs: cpu, tsx },
  };
}
