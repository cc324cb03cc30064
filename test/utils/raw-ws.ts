import WebSocket from 'ws';
import { until } from './stack';

/**
 * Raw graphql-ws sockets: every frame the server sends, WebSocket pings, and the close code and
 * reason, for the protocol tests that assert what a client library would hide.
 */

const PROTOCOL = 'graphql-transport-ws';

export interface Frame {
  type: string;
  id?: string;
  payload?: unknown;
}

export interface Closed {
  code: number;
  reason: string;
}

export interface Raw {
  socket: WebSocket;
  /** Every message the server sent, parsed. */
  frames: Frame[];
  /** WebSocket-level pings received from the server. */
  pings(): number;
  closed: Promise<Closed>;
  send(message: unknown): void;
  /** The first frame matching, waiting for it up to `ms`. */
  frame(match: (frame: Frame) => boolean, what: string, ms?: number): Promise<Frame>;
  /** The close, or a failure when the socket is still open after `ms`. */
  closedWithin(ms?: number): Promise<Closed>;
}

const sockets = new Set<Raw>();

export async function connect(
  url: string,
  options: { protocol?: string | null; autoPong?: boolean } = {},
): Promise<Raw> {
  const protocol = options.protocol === undefined ? PROTOCOL : options.protocol;
  const socket = new WebSocket(
    `${url.replace(/^http/, 'ws')}/graphql`,
    protocol === null ? [] : [protocol],
    { autoPong: options.autoPong ?? true },
  );
  const frames: Frame[] = [];
  let pings = 0;
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as Frame));
  socket.on('ping', () => {
    pings += 1;
  });
  const closed = new Promise<Closed>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const raw: Raw = {
    socket,
    frames,
    pings: () => pings,
    closed,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    async frame(match, what, ms = 5_000) {
      await until(() => frames.some(match), ms, what);
      return frames.find(match)!;
    },
    async closedWithin(ms = 5_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`socket still open after ${ms} ms`)), ms);
      });
      try {
        return await Promise.race([closed, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
  sockets.add(raw);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.on('error', () => {});
  return raw;
}

/** A socket past `connection_ack`, authenticated with `token`. */
export async function ready(url: string, bearer: string): Promise<Raw> {
  const raw = await connect(url);
  raw.send({ type: 'connection_init', payload: { authorization: `Bearer ${bearer}` } });
  await raw.frame((f) => f.type === 'connection_ack', 'connection_ack');
  return raw;
}

export async function closeAll(): Promise<void> {
  const open = [...sockets];
  sockets.clear();
  for (const raw of open) {
    if (raw.socket.readyState !== WebSocket.CLOSED) raw.socket.terminate();
  }
  await Promise.all(open.map((raw) => raw.closed));
}
