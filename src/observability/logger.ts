import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout. Nothing the gateway logs carries a token: requests are logged by operation
 * name, never with their headers; `redact` is a second line of defence.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'cloudsync-graphql' },
    redact: {
      paths: ['authorization', '*.authorization', 'headers', '*.headers'],
      censor: '[redacted]',
    },
  });
}
