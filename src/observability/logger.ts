import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

const CENSOR = '[redacted]';
/** Keys never logged with their value, at the top of a log line and one level down. */
const SECRET_KEYS = ['authorization', 'headers'] as const;

const hasSecret = (value: object) => SECRET_KEYS.some((key) => Object.hasOwn(value, key));

/**
 * The one-level-down half of the redaction (`*.authorization`, `*.headers`): a value that holds a
 * secret key is logged as a copy with that key censored; a line without one is left as it is.
 * pino's own wildcard redaction runs a redactor over every value of every line (about 4 µs a line,
 * as much as the rest of the line); this looks at each value once.
 */
function censorNested(line: Record<string, unknown>): Record<string, unknown> {
  let out = line;
  for (const key in line) {
    const value = line[key];
    if (typeof value !== 'object' || value === null || !hasSecret(value)) continue;
    const copy = Object.defineProperties(
      Object.create(Object.getPrototypeOf(value)),
      Object.getOwnPropertyDescriptors(value),
    ) as Record<string, unknown>;
    for (const secret of SECRET_KEYS) if (Object.hasOwn(copy, secret)) copy[secret] = CENSOR;
    if (out === line) out = { ...line };
    out[key] = copy;
  }
  return out;
}

/**
 * JSON logs on stdout. Nothing the gateway logs carries a token: requests are logged by operation
 * name, never with their headers; redaction (`authorization` and `headers`, at the top of a line and
 * one level down) is a second line of defence.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'cloudsync-graphql' },
    redact: { paths: [...SECRET_KEYS], censor: CENSOR },
    formatters: { log: censorNested },
  };
  // A destination only in tests (a sink that keeps the lines); stdout otherwise.
  return destination ? pino(options, destination) : pino(options);
}
