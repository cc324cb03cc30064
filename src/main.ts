import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { ClusterStartError, createGateway } from './app';
import { ConfigError, DEFAULT_AUTH_URL, FLAGS, type Flags, loadProcessConfig } from './config';
import { EXAMPLE_QUERY } from './schema/examples';

/** `--help`: one aligned row per flag (its variable, what it does, its default), then `--help`. */
function usage(): string {
  const rows: [string, string, string][] = Object.entries(FLAGS).map(([flag, def]) => [
    `--${flag} <value>`,
    def.env,
    `${def.help} (default: ${def.default})`,
  ]);
  rows.push(['--help', '', 'this text']);
  const flagWidth = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  const envWidth = Math.max(...rows.map(([, env]) => env.length)) + 2;
  return `Usage: cloudsync-graphql [options]

A GraphQL API in front of NetApp Cloud Sync. Without --api-url (CLOUDSYNC_API_URL) it runs in
demo mode on the embedded Cloud Sync simulator.

Options (each also an environment variable):
${rows.map(([flag, env, help]) => `  ${flag.padEnd(flagWidth)}${env.padEnd(envWidth)}${help}`).join('\n')}

Every other setting is an environment variable: see the README's configuration table.`;
}

/** Whether host:port can be listened on now (the gateway's own listen error comes with a stack). */
function portFree(host: string, port: number): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    probe.listen(port, host, () => probe.close(() => resolve(null)));
  });
}

/** A port near `port` that is free now and is not the example page's (4001) or the simulator's (4010). */
async function freePortNear(host: string, port: number): Promise<number> {
  for (
    let candidate = port + 100;
    candidate < port + 1_100 && candidate <= 65535;
    candidate += 100
  ) {
    if ((await portFree(host, candidate)) === null) return candidate;
  }
  return 0;
}

async function cannotListen(host: string, port: number, code: string): Promise<string> {
  if (code === 'EADDRINUSE') {
    const free = await freePortNear(host, port);
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${free}`;
    return (
      `${host}:${port} is already in use (another gateway still running?). Stop it, or start on a free port: ` +
      (free === 0
        ? 'PORT=0 npm start (any free port; it prints which)'
        : `PORT=${free} npm start (and GATEWAY_URL=${url} npm run example)`)
    );
  }
  if (code === 'EACCES') return `no permission to listen on ${host}:${port}: use a port above 1023`;
  return `cannot listen on ${host}:${port} (${code})`;
}

function readFlags(): Flags | null {
  const { values } = parseArgs({
    options: {
      ...Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: 'string' as const }])),
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return null;
  const { help: _help, ...flags } = values;
  return flags as Flags;
}

async function main(): Promise<void> {
  let flags: Flags | null;
  let config: ReturnType<typeof loadProcessConfig>;
  try {
    flags = readFlags();
    if (!flags) {
      process.stdout.write(`${usage()}\n`);
      return;
    }
    config = loadProcessConfig(flags);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `cloudsync-graphql: ${error instanceof ConfigError ? '' : 'bad arguments: '}${message}\n`,
    );
    process.exit(2);
  }

  // Checked before anything starts: a taken port is one line with a way out, not a stack.
  const portError = config.port === 0 ? null : await portFree(config.host, config.port);
  if (portError) {
    const line = await cannotListen(config.host, config.port, portError.code ?? 'error');
    process.stderr.write(`cloudsync-graphql: ${line}\n`);
    process.exit(2);
  }

  // The simulator is loaded only in demo mode: a gateway in front of Cloud Sync never needs it.
  const demo = config.upstream ? null : await import('./simulator');
  const simulator = demo ? demo.createSimulator(demo.DEMO_SIMULATOR_OPTIONS) : null;
  if (simulator) await simulator.start();
  const upstream = config.upstream ?? { apiUrl: simulator!.url, authUrl: simulator!.url };
  const gateway = createGateway(config, upstream, { demo: simulator !== null });
  try {
    await gateway.start();
  } catch (error) {
    if (error instanceof ClusterStartError) {
      process.stderr.write(`cloudsync-graphql: ${error.message}\n`);
      process.exit(1);
    }
    const code = (error as { code?: string }).code ?? 'error';
    const line = await cannotListen(config.host, config.port, code);
    process.stderr.write(`cloudsync-graphql: ${line}\n`);
    await simulator?.stop();
    process.exit(2);
  }

  const lines = [
    `cloudsync-graphql ready: ${gateway.url}/graphql (open it in a browser for GraphiQL)`,
  ];
  if (demo && simulator) {
    const { DEMO_USER } = demo;
    lines.push(
      `demo mode: no CLOUDSYNC_API_URL, so the embedded Cloud Sync simulator answers (${simulator.url})`,
      `demo login: mutation { login(username: "${DEMO_USER.username}", password: "${DEMO_USER.password}") { accessToken } }`,
      'then send the header  Authorization: Bearer <accessToken>  and try:',
      ...EXAMPLE_QUERY.split('\n')
        .filter((line) => line && !line.startsWith('#'))
        .map((l) => `  ${l}`),
    );
  } else {
    lines.push(`upstream: ${upstream.apiUrl} (tokens from ${upstream.authUrl})`);
    // A local API with the real token service is almost always a forgotten CLOUDSYNC_AUTH_URL.
    const local = /^http:\/\/(127\.|localhost|\[::1\])/.test(upstream.apiUrl);
    if (local && upstream.authUrl === DEFAULT_AUTH_URL) {
      lines.push(
        `note: CLOUDSYNC_AUTH_URL is not set, so logins go to ${DEFAULT_AUTH_URL}; ` +
          `for the simulator set it too: CLOUDSYNC_AUTH_URL=${upstream.apiUrl}`,
      );
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    const force = setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 1_000);
    force.unref();
    gateway
      .stop()
      .then(() => simulator?.stop())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
