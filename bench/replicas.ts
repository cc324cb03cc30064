import { type ChildProcess, spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const READY = /cloudsync-graphql ready: (http:\/\/\S+)\/graphql/;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;
const REDIS_TIMEOUT_MS = 5_000;

/** One gateway process (`node <build>/main.js`), its own settings in its environment. */
export interface GatewayProcess {
  readonly name: string;
  /** http://127.0.0.1:port */
  readonly url: string;
  readonly child: ChildProcess;
  /** Null while it runs; else how it ended, with the end of its output (for the error). */
  exited(): string | null;
  /** SIGKILL: no hand-off, no clean-up (a crash). */
  kill(): Promise<void>;
  /** SIGTERM (graceful shutdown), SIGKILL when it takes more than 5 s. */
  stop(): Promise<void>;
}

const gone = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function exited(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (gone(child)) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Starts `node main` with `env` (PORT=0 on 127.0.0.1 added) and resolves at its ready line. Its
 * log lines (stdout) are read and dropped, as the stack process's go to /dev/null; the end of its
 * stderr is kept for the error when it does not start.
 */
export async function startGateway(
  name: string,
  main: string,
  env: NodeJS.ProcessEnv,
): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: { ...env, PORT: '0', HOST: '127.0.0.1', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString('utf8')).slice(-2_000);
  });
  let ended: string | null = null;
  child.once('exit', (code, signal) => {
    ended = `${name} exited (${signal ?? code}): ${err.trim() || log.trim()}`;
  });
  const kill = async () => {
    if (gone(child)) return;
    const done = exited(child);
    child.kill('SIGKILL');
    await done;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => {
        settle();
        reject(new Error(`${name} printed no ready line within ${START_TIMEOUT_MS} ms`));
      }, START_TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        out = (out + chunk.toString('utf8')).slice(-4_000);
        const ready = READY.exec(out);
        if (!ready?.[1]) return;
        settle();
        resolve(ready[1]);
      };
      const onExit = (code: number | null) => {
        settle();
        reject(new Error(`${name} exited (${code}) before its ready line: ${err.trim()}`));
      };
      function settle(): void {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
        // From now on the log lines are drained and dropped (a full pipe would stall the gateway),
        // but for the last few, kept for an error.
        child.stdout?.on('data', (chunk: Buffer) => {
          log = (log.length > 4_000 ? log.slice(-2_000) : log) + chunk.toString('utf8', 0, 1_000);
        });
      }
      child.stdout?.on('data', onData);
      child.once('exit', onExit);
    });
    return {
      name,
      url,
      child,
      exited: () => ended,
      kill,
      async stop() {
        if (gone(child)) return;
        const done = exited(child);
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        child.kill('SIGTERM');
        await done;
        clearTimeout(timer);
      },
    };
  } catch (error) {
    await kill();
    throw error;
  }
}

/** A gauge's value on one gateway's /metrics; NaN when it is not there. */
export async function gauge(url: string, name: string): Promise<number> {
  const text = await fetch(`${url}/metrics`).then(
    (response) => response.text(),
    (error: Error) => {
      throw new Error(`GET ${url}/metrics: ${error.message} (${String(error.cause)})`);
    },
  );
  const line = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return line ? Number(line[1]) : Number.NaN;
}

type Reply = string | number | null;

/** Parses one RESP reply at the start of `buffer`: [reply, bytes used], or null while incomplete. */
function parseReply(buffer: Buffer): [Reply, number] | null {
  const end = buffer.indexOf('\r\n');
  if (end < 0) return null;
  const line = buffer.toString('utf8', 1, end);
  switch (String.fromCharCode(buffer[0] ?? 0)) {
    case '+':
      return [line, end + 2];
    case ':':
      return [Number(line), end + 2];
    case '-':
      throw new Error(`redis: ${line}`);
    case '$': {
      const length = Number(line);
      if (length < 0) return [null, end + 2];
      if (buffer.length < end + 2 + length + 2) return null;
      return [buffer.toString('utf8', end + 2, end + 2 + length), end + 2 + length + 2];
    }
    default:
      throw new Error(`redis: unexpected reply type ${line.slice(0, 20)}`);
  }
}

/** One command to the Redis on a unix socket (RESP, a connection of its own): its reply. */
export function redisCommand(socket: string, ...args: string[]): Promise<Reply> {
  const request = `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
  return new Promise<Reply>((resolve, reject) => {
    const connection = createConnection(socket);
    let buffer = Buffer.alloc(0);
    const done = (error: Error | null, reply?: Reply) => {
      clearTimeout(timer);
      connection.destroy();
      if (error) reject(error);
      else resolve(reply ?? null);
    };
    const timer = setTimeout(
      () => done(new Error(`redis did not answer ${args[0]}`)),
      REDIS_TIMEOUT_MS,
    );
    connection.once('error', (error) => done(error));
    connection.once('connect', () => connection.write(request));
    connection.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      try {
        const parsed = parseReply(buffer);
        if (parsed) done(null, parsed[0]);
      } catch (error) {
        done(error as Error);
      }
    });
  });
}

/** `INFO commandstats` as calls per command (lower case), e.g. { evalsha: 12, xread: 3 }. */
export async function commandCalls(socket: string): Promise<Record<string, number>> {
  const info = String(await redisCommand(socket, 'INFO', 'commandstats'));
  const calls: Record<string, number> = {};
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    if (match[1]) calls[match[1]] = Number(match[2]);
  }
  return calls;
}

/**
 * A MONITOR connection: counts the commands clients send (per command, lower case), leaving out
 * the ones Lua scripts run inside Redis (MONITOR marks their source "lua").
 */
export async function monitor(
  socket: string,
): Promise<{ sent(): Record<string, number>; close(): void }> {
  const connection = createConnection(socket);
  const sent: Record<string, number> = {};
  let rest = '';
  let started = false;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('redis did not start MONITOR')),
      REDIS_TIMEOUT_MS,
    );
    connection.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    connection.once('connect', () => connection.write('MONITOR\r\n'));
    connection.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\r\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!started) {
          if (line !== '+OK') continue;
          started = true;
          clearTimeout(timer);
          resolve();
          continue;
        }
        // +1700000000.123456 [0 unix:/…/r.sock] "EVALSHA" "…"   or   [0 lua] "get" "…"
        const match = /^\+\d+\.\d+ \[\d+ ([^\]]*)\] "([^"]+)"/.exec(line);
        if (!match?.[2] || match[1] === 'lua') continue;
        const name = match[2].toLowerCase();
        sent[name] = (sent[name] ?? 0) + 1;
      }
    });
  });
  connection.on('error', () => {});
  return { sent: () => ({ ...sent }), close: () => connection.destroy() };
}
