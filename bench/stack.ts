import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command, Op, Ready, Replies, Response, StackOptions, StackUrls } from './protocol';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = fileURLToPath(new URL('./stack-process.ts', import.meta.url));
const START_TIMEOUT_MS = 30_000;
const CALL_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export interface StackProcessOptions extends StackOptions {
  /** Where `--cpu-prof` writes the stack process's profile (no profile when unset). */
  profileDir?: string;
}

/** The parent's handle on one bench/stack-process.ts child. */
export interface StackProcess {
  readonly urls: StackUrls;
  readonly pid: number;
  call<K extends Op>(command: Extract<Command, { op: K }>): Promise<Replies[K]>;
  /** Asks the child to stop (so that a profile gets written), kills it when it does not. */
  stop(): Promise<void>;
}

/**
 * Starts bench/stack-process.ts. Its stdout (the gateway's log lines) goes to /dev/null unless
 * BENCH_STACK_STDOUT=inherit; BENCH_STACK_NODE_FLAGS adds node flags (e.g. "--trace-gc").
 */
export async function startStackProcess(options: StackProcessOptions = {}): Promise<StackProcess> {
  const { profileDir, ...stackOptions } = options;
  const execArgv = ['--expose-gc', '--import', 'tsx'];
  if (profileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  const extra = process.env.BENCH_STACK_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const stdout = process.env.BENCH_STACK_STDOUT === 'inherit' ? 'inherit' : 'ignore';
  const child = spawn(
    process.execPath,
    [...execArgv, ...extra, ENTRY, JSON.stringify(stackOptions)],
    {
      cwd: ROOT,
      stdio: ['ignore', stdout, 'inherit', 'ipc'],
      env: { ...process.env, NODE_ENV: 'production', NODE_OPTIONS: '' },
    },
  );
  try {
    const urls = await ready(child);
    return handle(child, urls);
  } catch (error) {
    await kill(child);
    throw error;
  }
}

function ready(child: ChildProcess): Promise<StackUrls> {
  return new Promise<StackUrls>((resolve, reject) => {
    const timer = setTimeout(() => {
      settle();
      reject(new Error('stack process did not start in time'));
    }, START_TIMEOUT_MS);
    const onExit = (code: number | null) => {
      settle();
      reject(new Error(`stack process exited (${code})`));
    };
    const onMessage = (message: Partial<Ready>) => {
      if (!message.ready) return;
      settle();
      resolve(message.ready);
    };
    function settle(): void {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('message', onMessage);
    }
    child.once('exit', onExit);
    child.on('message', onMessage);
  });
}

function handle(child: ChildProcess, urls: StackUrls): StackProcess {
  let next = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const failAll = (error: Error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  child.on('message', (message: Response) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(new Error(`stack process: ${message.error}`));
  });
  child.once('exit', (code) => failAll(new Error(`stack process exited (${code})`)));

  return {
    urls,
    pid: child.pid ?? -1,
    call<K extends Op>(command: Extract<Command, { op: K }>): Promise<Replies[K]> {
      const id = ++next;
      return new Promise<Replies[K]>((resolve, reject) => {
        if (!child.connected) return reject(new Error('stack process is gone'));
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`stack process did not answer ${command.op}`));
        }, CALL_TIMEOUT_MS);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as Replies[K]);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        child.send({ id, command });
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      try {
        if (child.connected) {
          const id = ++next;
          child.send({ id, command: { op: 'stop' } });
        } else child.kill('SIGKILL');
        await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}
