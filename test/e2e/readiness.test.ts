import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createSimulator, type Simulator } from '../../src/simulator';

describe('/readyz (gateway and simulator)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = createSimulator({ longPollMs: 400 });
    await sim.start();
  });
  afterAll(() => sim.stop());

  it('200 on the first call with a healthy Cloud Sync; 503 once it stops answering; 200 again after', async () => {
    const gateway = createGateway(
      loadConfig({ PORT: '0', LOG_LEVEL: 'silent', READINESS_FRESH_MS: '0' }),
      { apiUrl: sim.url, authUrl: sim.url },
    );
    await gateway.start();
    try {
      const first = await fetch(`${gateway.url}/readyz`);
      expect(first.status).toBe(200);
      expect(await first.text()).toBe('ready');
      sim.addFault({ path: '/api/accounts', kind: 'status', status: 503 });
      const down = await fetch(`${gateway.url}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.text()).toMatch(/answers 503$/);
      sim.clearFaults();
      expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });

  it('a CLOUDSYNC_API_URL that is some other server: 503 with the reason, logged once', async () => {
    const lines: string[] = [];
    const other = createServer((_req, res) => res.writeHead(404).end('Not Found'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const gateway = createGateway(
      loadConfig({ PORT: '0', READINESS_FRESH_MS: '0' }),
      { apiUrl: url, authUrl: url },
      { logger },
    );
    await gateway.start();
    try {
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${gateway.url}/readyz`);
        expect(response.status).toBe(503);
        expect(await response.text()).toContain('does not look like the Cloud Sync API');
      }
      const warnings = lines.filter((line) => line.includes('does not look like'));
      expect(warnings).toHaveLength(1);
    } finally {
      await gateway.stop();
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});
