import { CLIENT_IDS, createSimulator, DEMO_SIMULATOR_OPTIONS, DEMO_USER } from './index';

/** `npm run simulator`: the simulator alone, on SIMULATOR_PORT (default 4010) and HOST. */
async function main(): Promise<void> {
  const portText = process.env.SIMULATOR_PORT ?? '4010';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    console.error(`SIMULATOR_PORT must be a port number (0-65535), got "${portText}"`);
    process.exit(2);
  }
  const simulator = createSimulator({
    ...DEMO_SIMULATOR_OPTIONS,
    host: process.env.HOST || '127.0.0.1',
    port,
  });
  await simulator.start();
  console.log(
    `Cloud Sync simulator on ${simulator.url} (API under /api, token service at /oauth/token)`,
  );
  console.log(
    `Demo login: ${DEMO_USER.username} / ${DEMO_USER.password} (client_id ${CLIENT_IDS.docs})`,
  );
  // It is both the API and the token service: a gateway needs both URLs, or logins go to Auth0.
  console.log(
    `Point a gateway at it (both settings):\n  CLOUDSYNC_API_URL=${simulator.url} CLOUDSYNC_AUTH_URL=${simulator.url} npm start`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    simulator.stop().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        console.error('could not stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('simulator failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
