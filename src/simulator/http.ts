import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';

/** An answer, built by a handler and written by the pipeline. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonReply(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): Reply {
  return {
    status,
    headers: { 'content-type': JSON_TYPE, ...headers },
    body: JSON.stringify(value),
  };
}

/** The upstream's error body: {"code": <status>, "message": "<text>"}. */
export function errorReply(status: number, message?: string): Reply {
  return jsonReply(status, { code: status, message: message ?? STATUS_CODES[status] ?? 'Error' });
}

export function emptyReply(status: number): Reply {
  return { status, headers: {}, body: '' };
}

/** Thrown by handlers to answer at once with the reply it carries. */
export class HttpError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
    this.name = 'HttpError';
  }
}

export function fail(status: number, message?: string): never {
  throw new HttpError(errorReply(status, message));
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) fail(413, 'Request body is too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The body as the request log keeps it: parsed JSON when it is JSON, else the text, else undefined. */
export function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function replyHeaders(reply: Reply): OutgoingHttpHeaders {
  return { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) };
}

/** Writes the reply unless the response is already gone or started. */
export function writeReply(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(reply.status, replyHeaders(reply));
  res.end(reply.body);
}
