import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, type DocumentNode, Kind, parse, validate } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

/**
 * Every code block of the README runs as written, in order, against a real gateway in demo mode
 * (`npm start`'s own entry point, with its embedded simulator), as a reader would run them in one
 * terminal and one GraphiQL tab:
 *
 * - `graphql`: one named operation per block, sent with the demo user's token (subscriptions over
 *   graphql-ws, to their end); the answer has no errors.
 * - `sh`: bash with `set -euo pipefail`; what a block exports is there for the next (TOKEN); exit
 *   code 0 and no `"errors"` in what it prints.
 * - `ts` / `js`: a module run with tsx (TOKEN from the shell blocks); exit code 0, nothing on stderr.
 * - `text` and blocks without a language are output, not code.
 *
 * The README says `127.0.0.1:4000`; the test's gateway listens on a free port, so that address is
 * replaced by the real one. A block may be marked illustrative with the line
 * `<!-- readme-test: not run (why) -->` right before it: such graphql blocks are still parsed and
 * validated against the schema, other languages are skipped. Keep those rare.
 */

interface Block {
  lang: string;
  code: string;
  line: number;
  run: boolean;
}

const SKIP = /^<!-- readme-test: not run \(.+\) -->$/;

function readmeBlocks(text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) {
      body.push(lines[i]!.slice(indent));
    }
    const previous =
      lines
        .slice(0, start)
        .reverse()
        .find((line) => line.trim() !== '') ?? '';
    blocks.push({
      lang: open[2]!,
      code: body.join('\n'),
      line: start + 1,
      run: !SKIP.test(previous.trim()),
    });
  }
  return blocks;
}

const README = readFileSync('README.md', 'utf8');
const BLOCKS = readmeBlocks(README);
const CODE = BLOCKS.filter((block) => !['', 'text'].includes(block.lang));
const schema = buildSchema(readFileSync('schema/schema.graphql', 'utf8'));

let gateway: ChildProcess;
let url = '';
let token = '';
let work = '';
let state = '';

beforeAll(async () => {
  gateway = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const fail = setTimeout(() => reject(new Error(`the gateway did not start: ${out}`)), 25_000);
    gateway.stdout!.on('data', (chunk) => {
      out += chunk;
      const ready = /ready: (http:\/\/\S+)\/graphql/.exec(out);
      if (ready) {
        clearTimeout(fail);
        resolve(ready[1]!);
      }
    });
  });
  const login = await post(
    'mutation Login { login(username: "demo@example.com", password: "demo") { accessToken } }',
  );
  token = (login.data as { login: { accessToken: string } }).login.accessToken;
  // Under node_modules so that a snippet's imports resolve as they would in the project.
  mkdirSync('node_modules/.cache', { recursive: true });
  work = mkdtempSync(join('node_modules/.cache', 'readme-'));
  state = join(work, 'state.sh');
  writeFileSync(state, '');
});

afterAll(async () => {
  if (work) rmSync(work, { recursive: true, force: true });
  if (gateway && gateway.exitCode === null) {
    const exited = new Promise((resolve) => gateway.once('exit', resolve));
    gateway.kill('SIGTERM');
    await exited;
  }
});

const local = (code: string) =>
  code
    .replaceAll('http://127.0.0.1:4000', url)
    .replaceAll('ws://127.0.0.1:4000', url.replace('http', 'ws'));

interface Result {
  data?: unknown;
  errors?: { message: string }[];
}

async function post(query: string): Promise<Result> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token || 'none'}` },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as Result;
}

function subscribe(query: string): Promise<Result[]> {
  const client = createClient({
    url: `${url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  const results: Result[] = [];
  return new Promise<Result[]>((resolve) => {
    client.subscribe(
      { query },
      {
        next: (value) => results.push(value as Result),
        error: (error) => {
          results.push({ errors: [{ message: String(error) }] });
          resolve(results);
        },
        complete: () => resolve(results),
      },
    );
  }).finally(() => client.dispose());
}

function run(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const kill = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.on('exit', (code) => {
      clearTimeout(kill);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The variables the shell blocks exported so far. */
function shellEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(state, 'utf8').split('\n')) {
    const match = /^declare -x ([A-Z_][A-Z0-9_]*)="(.*)"$/.exec(line);
    if (match && !['PATH', 'HOME', 'PWD', 'OLDPWD', 'SHLVL'].includes(match[1]!)) {
      env[match[1]!] = match[2]!;
    }
  }
  return env;
}

const operations = (document: DocumentNode) =>
  document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);

describe('the README', () => {
  it('has code blocks, and few of them are illustrative', () => {
    expect(CODE.length).toBeGreaterThan(5);
    expect(CODE.filter((block) => !block.run).length).toBeLessThanOrEqual(4);
  });

  it.each(CODE.map((block) => [`${block.lang} block at line ${block.line}`, block] as const))(
    '%s runs as written',
    async (_name, block) => {
      if (block.lang === 'graphql') {
        const document = parse(block.code);
        const ops = operations(document);
        expect(ops, 'one operation per block').toHaveLength(1);
        expect(ops[0]!.name?.value, 'a named operation').toBeTruthy();
        expect(validate(schema, document)).toEqual([]);
        if (!block.run) return;
        const results =
          ops[0]!.operation === 'subscription'
            ? await subscribe(block.code)
            : [await post(block.code)];
        expect(results.length).toBeGreaterThan(0);
        for (const result of results) expect(result.errors).toBeUndefined();
        return;
      }
      if (!block.run) return;
      if (block.lang === 'sh') {
        const script = `set -euo pipefail\nset -a; source ${JSON.stringify(state)}; set +a\n${local(block.code)}\nexport -p > ${JSON.stringify(state)}\n`;
        const { code, stdout, stderr } = await run('bash', ['-c', script], { GRAPHQL_URL: url });
        expect(stderr).toBe('');
        expect(code).toBe(0);
        expect(stdout).not.toContain('"errors"');
        return;
      }
      if (block.lang === 'ts' || block.lang === 'js') {
        const file = join(work, `block-${block.line}.${block.lang === 'ts' ? 'mts' : 'mjs'}`);
        writeFileSync(file, local(block.code));
        const { code, stderr } = await run(process.execPath, ['--import', 'tsx', file], shellEnv());
        expect(stderr).toBe('');
        expect(code).toBe(0);
        return;
      }
      throw new Error(`no rule to run a ${block.lang} block (line ${block.line})`);
    },
  );
});
