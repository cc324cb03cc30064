import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { sse } from '../utils/sse';
import { until } from '../utils/stack';

let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGKILL');
});

describe('graceful shutdown', () => {
  it('SIGTERM with open subscriptions: clients are told, readers stop, the process exits in time', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    await until(() => /ready: (http:\/\/\S+)\/graphql/.test(stdout), 20_000, 'gateway started');
    const url = /ready: (http:\/\/\S+)\/graphql/.exec(stdout)![1]!;

    const login = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation { login(username: "demo@example.com", password: "demo") { accessToken } }',
      }),
    });
    const token = ((await login.json()) as { data: { login: { accessToken: string } } }).data.login
      .accessToken;

    const socket = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    const messages: string[] = [];
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.on('open', () =>
      socket.send(
        JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
      ),
    );
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string };
      messages.push(message.type);
      if (message.type === 'connection_ack') {
        socket.send(
          JSON.stringify({
            id: 'f',
            type: 'subscribe',
            payload: { query: 'subscription { feedMessages { id } }' },
          }),
        );
      }
    });
    const stream = sse(url, 'subscription { feedMessages { id } }', {}, token);
    await until(() => messages.includes('connection_ack'), 5000, 'ack');
    await new Promise((resolve) => setTimeout(resolve, 300));

    const started = Date.now();
    child.kill('SIGTERM');
    const [code, closeCode, sseResult] = await Promise.all([exited, closed, stream]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(code).toBe(0);
    expect(closeCode).toBe(1001);
    expect(messages).toContain('complete');
    expect(sseResult.events.at(-1)?.event).toBe('complete');
    expect(stdout).toContain('SIGTERM: stopping');
  });
});
