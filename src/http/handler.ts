import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { GatewayYoga } from '../yoga';
import { handleFastPath, isFastPathRequest } from './fast-path';
import type { Readiness } from './readiness';

/** Largest request body accepted, whatever path serves it. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpHandlerOptions {
  yoga: GatewayYoga;
  metrics: Metrics;
  readiness: Readiness;
  logger: Logger;
  /** Plain JSON POSTs from non-browsers skip Yoga's fetch-API layer (`fast-path.ts`). */
  fastPath: boolean;
  maxBodyBytes?: number;
}

/**
 * The node:http handler: `/healthz`, `/readyz` and `/metrics`, the body limit (refused from
 * Content-Length before any path reads the body), then the fast path or Yoga for `/graphql`.
 */
export function createHttpHandler(options: HttpHandlerOptions) {
  const { yoga, metrics, readiness, logger, fastPath, maxBodyBytes = MAX_BODY_BYTES } = options;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = req.url?.split('?', 1)[0];
    if (path === '/healthz') {
      text(res, 200, 'ok');
      return;
    }
    if (path === '/readyz') {
      readiness.check().then(
        ({ ready, reason }) => text(res, ready ? 200 : 503, reason),
        () => text(res, 503, 'readiness unknown'),
      );
      return;
    }
    const length = req.headers['content-length'];
    if (length !== undefined && Number(length) > maxBodyBytes) {
      text(res, 413, 'Request body too large');
      return;
    }
    // Decided from the headers alone; whatever the fast path does not take goes to Yoga as it is.
    if (fastPath && path === '/graphql' && isFastPathRequest(req, maxBodyBytes)) {
      handleFastPath(yoga, req, res).catch((error: unknown) => {
        logger.error(
          { err: error instanceof Error ? error.message : String(error) },
          'request failed',
        );
        if (res.headersSent) res.destroy();
        else text(res, 500, 'Internal Server Error');
      });
      return;
    }
    if (path === '/metrics') {
      metrics.registry.metrics().then(
        (body) => text(res, 200, body, metrics.registry.contentType),
        () => text(res, 500, 'metrics unavailable'),
      );
      return;
    }
    yoga.requestListener(req, res);
  };
}

function text(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'text/plain; charset=utf-8',
) {
  res.writeHead(status, { 'content-type': type }).end(body);
}
