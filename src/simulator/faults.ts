import type { ServerResponse } from 'node:http';
import type { Reply } from './http';
import { emptyReply, errorReply, jsonReply, replyHeaders, writeReply } from './http';

export type FaultAction =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'badJson' }
  | { kind: 'truncatedJson' }
  | { kind: 'reset' }
  | { kind: 'noAnswer' }
  | { kind: 'slowHeaders'; ms: number }
  | { kind: 'slowBody'; ms: number }
  | { kind: 'redirect'; status?: number; location: string }
  /**
   * A 200 JSON array of accounts about `bytes` long, streamed in 64 KiB chunks as fast as the client
   * reads, with a Content-Length unless `chunked`; stops when the client drops the connection.
   */
  | { kind: 'hugeBody'; bytes: number; chunked?: boolean };

/**
 * Applies to the next `times` requests (default: all) whose pathname equals `path` (or matches it, for
 * a RegExp) and whose method is `method` (any when absent).
 */
export type FaultRule = { method?: string; path: string | RegExp; times?: number } & FaultAction;

interface Armed {
  rule: FaultRule;
  remaining: number;
}

export class FaultList {
  private armed: Armed[] = [];

  add(rule: FaultRule): void {
    const remaining = rule.times ?? Number.POSITIVE_INFINITY;
    if (remaining > 0) this.armed.push({ rule, remaining });
  }

  clear(): void {
    this.armed = [];
  }

  /** The first armed rule matching the request, used up by one; rules apply in order of addition. */
  take(method: string, pathname: string): FaultRule | undefined {
    const index = this.armed.findIndex(({ rule }) => matches(rule, method, pathname));
    const hit = this.armed[index];
    if (!hit) return undefined;
    hit.remaining -= 1;
    if (hit.remaining <= 0) this.armed.splice(index, 1);
    return hit.rule;
  }
}

function matches(rule: FaultRule, method: string, pathname: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (typeof rule.path === 'string') return rule.path === pathname;
  rule.path.lastIndex = 0;
  return rule.path.test(pathname);
}

const NOT_JSON = '<html><head><title>502 Bad Gateway</title></head><body>Bad Gateway</body></html>';
const CUT_SHORT = JSON.stringify([
  {
    id: '5802',
    header: { requestId: 'f687ac55-2f0c-40e3-9fa6-57fb8c4094a3', clientId: 'truncated' },
    payload: { 'list-s3-buckets': [{ name: 'small', region: { name: 'us-west-2' }, tags: [] }] },
  },
]);

function statusReply(action: Extract<FaultAction, { kind: 'status' }>): Reply {
  const headers = action.headers ?? {};
  if (action.body === undefined) {
    const reply = errorReply(action.status);
    return { ...reply, headers: { ...reply.headers, ...headers } };
  }
  if (typeof action.body === 'string') {
    return {
      status: action.status,
      headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
      body: action.body,
    };
  }
  return jsonReply(action.status, action.body, headers);
}

/** Answers in place of the handler, for the faults that do not involve it. */
export function answerWithFault(
  action: Exclude<FaultAction, { kind: 'noAnswer' | 'slowHeaders' | 'slowBody' | 'hugeBody' }>,
  res: ServerResponse,
): void {
  switch (action.kind) {
    case 'status':
      writeReply(res, statusReply(action));
      return;
    case 'badJson':
      writeReply(res, {
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: NOT_JSON,
      });
      return;
    case 'truncatedJson': {
      const full: Reply = {
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: CUT_SHORT,
      };
      res.writeHead(200, replyHeaders(full));
      res.write(CUT_SHORT.slice(0, Math.floor(CUT_SHORT.length / 2)), () => res.destroy());
      return;
    }
    case 'reset':
      res.destroy();
      return;
    case 'redirect': {
      const reply = emptyReply(action.status ?? 302);
      writeReply(res, { ...reply, headers: { location: action.location } });
      return;
    }
  }
}

const HUGE_CHUNK_ITEMS = 1024;

/** One chunk of the huge answer: 1,024 `,`-separated accounts. */
function hugeChunk(first: number): string {
  const items: string[] = [];
  for (let i = 0; i < HUGE_CHUNK_ITEMS; i++) {
    const id = String(first + i).padStart(12, '0');
    items.push(`{"accountId":"account-${id}","name":"Account ${id}"}`);
  }
  return items.join(',');
}

/**
 * Streams the `hugeBody` fault's answer; resolves with the bytes written when it is done or the
 * client went away (then fewer than the whole).
 */
export async function streamHugeBody(
  action: Extract<FaultAction, { kind: 'hugeBody' }>,
  res: ServerResponse,
  signal: AbortSignal,
): Promise<number> {
  const chunks = Math.max(1, Math.ceil(action.bytes / (HUGE_CHUNK_ITEMS * 64)));
  const pieces = (index: number) =>
    `${index === 0 ? '[' : ','}${hugeChunk(index * HUGE_CHUNK_ITEMS)}`;
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (!action.chunked) {
    let total = 1; // the closing "]"
    for (let i = 0; i < chunks; i++) total += Buffer.byteLength(pieces(i));
    headers['content-length'] = String(total);
  }
  res.writeHead(200, headers);
  let sent = 0;
  for (let i = 0; i < chunks; i++) {
    if (signal.aborted || res.destroyed) return sent;
    const piece = pieces(i) + (i === chunks - 1 ? ']' : '');
    sent += Buffer.byteLength(piece);
    if (!res.write(piece)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  res.end();
  return sent;
}
