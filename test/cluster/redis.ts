import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real Redis for the cluster tests: on a unix socket only (`--port 0`: no TCP listener), no
 * persistence. Debian's `redis-tools` ships the server binary as `redis-check-rdb`; that binary
 * picks its role from argv[0], so it is started with argv[0] = "redis-server".
 */
export interface TestRedis {
  /** unix:///…/r.sock */
  readonly url: string;
  readonly socket: string;
  /** Kills the server (SIGKILL) and waits for it to be gone. */
  kill(): Promise<void>;
  /** Starts it again, empty, on the same socket. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const CANDIDATES = ['redis-server', '/usr/bin/redis-server', '/usr/bin/redis-check-rdb'];

/** The server binary, or null where none exists. */
export function redisBinary(): string | null {
  if (process.env.REDIS_SERVER_BIN) return process.env.REDIS_SERVER_BIN;
  for (const candidate of CANDIDATES) {
    if (candidate.startsWith('/')) {
      if (existsSync(candidate)) return candidate;
      continue;
    }
    try {
      return (
        execFileSync('sh', ['-c', `command -v ${candidate}`], { encoding: 'utf8' }).trim() || null
      );
    } catch {
      // not on PATH
    }
  }
  return null;
}

const binary = redisBinary();
/** Why the cluster tests skip here, or null when they run. */
export const noRedis: string | null = binary
  ? null
  : 'no Redis server binary (install Debian redis-tools): cluster tests skipped';
if (noRedis) process.stderr.write(`${noRedis}\n`);

function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const connection = createConnection(socket);
    const done = (ok: boolean) => {
      connection.destroy();
      resolve(ok);
    };
    connection.once('error', () => done(false));
    connection.once('connect', () => connection.write('PING\r\n'));
    connection.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

export async function startRedis(): Promise<TestRedis> {
  if (!binary) throw new Error(noRedis ?? 'no redis');
  const dir = mkdtempSync(join(tmpdir(), 'csg-redis-'));
  const socket = join(dir, 'r.sock');
  let child: ChildProcess | null = null;
  const launch = async () => {
    const started = spawn(
      binary,
      [
        '--port',
        '0',
        '--unixsocket',
        socket,
        '--unixsocketperm',
        '700',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
        '--dir',
        dir,
        '--loglevel',
        'warning',
      ],
      { argv0: 'redis-server', stdio: 'ignore' },
    );
    child = started;
    for (let i = 0; i < 200; i++) {
      if (started.exitCode !== null) throw new Error(`redis-server exited (${started.exitCode})`);
      if (await ping(socket)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    started.kill('SIGKILL');
    throw new Error('redis-server did not answer PING within 5 s');
  };
  const kill = async (signal: NodeJS.Signals) => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill(signal);
    });
  };
  await launch();
  return {
    url: `unix://${socket}`,
    socket,
    kill: () => kill('SIGKILL'),
    async restart() {
      await kill('SIGKILL');
      rmSync(socket, { force: true });
      await launch();
    },
    async stop() {
      await kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
