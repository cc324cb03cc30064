/**
 * A tiny static server for the example page (no dependencies, no bundler).
 *
 *   npm start                        # the gateway, demo mode, on http://127.0.0.1:4000
 *   npx tsx examples/web/serve.ts    # this page, on http://127.0.0.1:4001
 *
 * Environment: GATEWAY_URL (default http://127.0.0.1:4000), EXAMPLE_HOST (default 127.0.0.1),
 * EXAMPLE_PORT (default 4001; 0 picks a free port). The printed URL carries the gateway as
 * `?gateway=`, which is where the page reads it from; the page talks to the gateway cross-origin.
 *
 * Besides the files of this folder it serves the browser build of graphql-ws (an ES module with
 * one relative import, no dependencies) under /vendor/graphql-ws/, straight from node_modules.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface ExampleServer {
  /** `http://host:port` of the page. */
  readonly url: string;
  /** The page's address with the gateway to talk to. */
  pageUrl(gatewayUrl: string): string;
  close(): Promise<void>;
}

export interface ExampleServerOptions {
  host?: string;
  port?: number;
}

const HERE = dirname(fileURLToPath(import.meta.url));
const FILES: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/app.js': 'app.js',
  '/style.css': 'style.css',
};
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};
const VENDOR_PREFIX = '/vendor/graphql-ws/';
// The package's "./client" export under the require condition is dist/client.cjs; its ESM
// sibling dist/client.js (and the chunk it imports) sit next to it.
const VENDOR_DIR = dirname(createRequire(import.meta.url).resolve('graphql-ws/client'));

function fileFor(pathname: string): string | null {
  const own = FILES[pathname];
  if (own) return join(HERE, own);
  if (pathname.startsWith(VENDOR_PREFIX)) {
    const name = pathname.slice(VENDOR_PREFIX.length);
    // Only plain file names of the dist folder: no traversal, nothing but JavaScript.
    if (/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.js$/.test(name)) return join(VENDOR_DIR, name);
  }
  return null;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
  const file = fileFor(pathname);
  const body = file ? await readFile(file).catch(() => null) : null;
  if (!file || !body) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    return;
  }
  const type = TYPES[file.slice(file.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
  res.writeHead(200, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Serves examples/web on loopback (port 0 by default: any free port). */
export async function serveExample(options: ExampleServerOptions = {}): Promise<ExampleServer> {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  return {
    url,
    pageUrl: (gatewayUrl) => `${url}/?gateway=${encodeURIComponent(gatewayUrl)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function main(): Promise<void> {
  const gatewayUrl = process.env.GATEWAY_URL || 'http://127.0.0.1:4000';
  const port = Number(process.env.EXAMPLE_PORT ?? 4001);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`EXAMPLE_PORT must be a port number, got "${process.env.EXAMPLE_PORT}"`);
  }
  const example = await serveExample({ host: process.env.EXAMPLE_HOST || '127.0.0.1', port });
  process.stdout.write(
    `example page: ${example.pageUrl(gatewayUrl)}\n` +
      `(it talks to the gateway at ${gatewayUrl}: start it with \`npm start\`; Ctrl-C stops this server)\n`,
  );
  const stop = () => {
    example.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `examples/web/serve.ts: ${error instanceof Error ? error.message : error}\n`,
    );
    process.exit(1);
  });
}
