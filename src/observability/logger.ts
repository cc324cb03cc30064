import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout. Nothing the gateway logs carries a token: requests are logged by operation
 * name, never with their headers; `redact` is a second line of defence.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'cloudsync-graphql' },
    redact: {
      paths: ['authorization', '*.authorization', 'headers', '*.headers'],
      censor: '[redacted]',
    },
  };
  // A destination only in tests (a sink that keeps the lines); stdout otherwise.
  return destination ? pino(options, destination) : pino(options);
}
