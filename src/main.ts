import { parseArgs } from 'node:util';
import { ConfigError, FLAGS, type Flags, loadProcessConfig } from './config';
import { EXAMPLE_QUERY } from './graphql/examples';
import { createGateway } from './server';

const USAGE = `Usage: cloudsync-graphql [options]

A GraphQL API in front of NetApp Cloud Sync. Without --api-url (CLOUDSYNC_API_URL) it runs in
demo mode on the embedded Cloud Sync simulator.

Options (each also an environment variable):
${Object.entries(FLAGS)
  .map(([flag, { env, help }]) => `  --${flag.padEnd(11)} ${env.padEnd(20)} ${help}`)
  .join('\n')}
  --help                                 this text

Every other setting is an environment variable: see the README's configuration table.`;

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
      process.stdout.write(`${USAGE}\n`);
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

  // The simulator is loaded only in demo mode: a gateway in front of Cloud Sync never needs it.
  const demo = config.upstream ? null : await import('./simulator');
  const simulator = demo ? demo.createSimulator({ liveRelationships: true }) : null;
  if (simulator) await simulator.start();
  const upstream = config.upstream ?? { apiUrl: simulator!.url, authUrl: simulator!.url };
  const gateway = createGateway(config, upstream, { demo: simulator !== null });
  try {
    await gateway.start();
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    process.stderr.write(
      `cloudsync-graphql: cannot listen on ${config.host}:${config.port} (${code})\n`,
    );
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
