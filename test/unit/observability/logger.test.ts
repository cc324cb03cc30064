import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', {
    write: (line: string) => {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { logger, lines };
}

describe('createLogger redaction', () => {
  it('censors authorization and headers at the top of a line and one level down', () => {
    const { logger, lines } = capture();
    const request = { authorization: 'Bearer secret-1', headers: { a: 'b' }, path: '/x' };
    logger.info({ authorization: 'Bearer secret-2', headers: { cookie: 'c' }, request, n: 1 });
    logger.info({ list: [{ authorization: 'kept: not one level down' }] });
    logger.info({ requestId: 'r1', operation: 'op', durationMs: 1.5 });
    expect(lines.map(({ time: _time, ...line }) => line)).toEqual([
      {
        level: 30,
        service: 'cloudsync-graphql',
        authorization: '[redacted]',
        headers: '[redacted]',
        request: { authorization: '[redacted]', headers: '[redacted]', path: '/x' },
        n: 1,
      },
      {
        level: 30,
        service: 'cloudsync-graphql',
        list: [{ authorization: 'kept: not one level down' }],
      },
      {
        level: 30,
        service: 'cloudsync-graphql',
        requestId: 'r1',
        operation: 'op',
        durationMs: 1.5,
      },
    ]);
    // The logged object itself is left as it was.
    expect(request.authorization).toBe('Bearer secret-1');
  });

  it('keeps an error an error when it holds a secret key', () => {
    const { logger, lines } = capture();
    const err = Object.assign(new Error('boom'), { headers: { authorization: 'Bearer s' } });
    logger.error({ err }, 'failed');
    const logged = lines[0]?.err as Record<string, unknown>;
    expect(logged.message).toBe('boom');
    expect(logged.headers).toBe('[redacted]');
    expect(lines[0]?.msg).toBe('failed');
  });
});
