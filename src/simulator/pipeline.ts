import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultList, FaultRule } from './faults';
import { answerWithFault, streamHugeBody } from './faults';
import { errorReply, HttpError, parseBody, readBody, replyHeaders, writeReply } from './http';
import type { Route, RouteContext } from './router';
import { dispatch } from './router';
import type { SimServices } from './services';
import type { TimerSet } from './timers';
import { AbortedError, untilAborted } from './timers';
import type { RecordedRequest } from './types';

export interface PipelineDeps {
  services: SimServices;
  routes: readonly Route[];
  faults: FaultList;
  timers: TimerSet;
  log: RecordedRequest[];
  /** One controller per unanswered request; aborting it ends the request (see handleRequest). */
  inFlight: Set<AbortController>;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function requestUrl(req: IncomingMessage): URL {
  const raw = req.url ?? '/';
  // Prefixing keeps a path such as "//x" a path instead of a protocol-relative URL.
  return new URL(
    raw.startsWith('/') ? `http://simulator.invalid${raw}` : raw,
    'http://simulator.invalid',
  );
}

/**
 * Records the request, waits the latency, then answers through a fault or the routes. An abort (client
 * gone, reset, stop) destroys the response, except that a held long poll answers [].
 */
export async function handleRequest(
  deps: PipelineDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = requestUrl(req);
  const record: RecordedRequest = {
    method,
    path: url.pathname,
    url: url.pathname + url.search,
    query: Object.fromEntries(url.searchParams),
    authorization: header(req, 'authorization'),
    accountId: header(req, 'x-account-id'),
    headers: Object.fromEntries(
      Object.entries(req.headers).flatMap(([name, value]) =>
        name === 'authorization' || value === undefined
          ? []
          : [[name, Array.isArray(value) ? (value[0] ?? '') : value]],
      ),
    ),
    body: undefined,
    at: Date.now(),
  };
  deps.log.push(record);
  const fault = deps.faults.take(method, url.pathname);

  const controller = new AbortController();
  const { signal } = controller;
  deps.inFlight.add(controller);
  res.on('error', () => {});
  res.on('close', () => {
    deps.inFlight.delete(controller);
    if (!res.writableFinished) controller.abort('client gone');
  });

  try {
    record.body = parseBody(await readBody(req));
    await deps.timers.sleep(deps.services.knobs.latencyMs, signal);
    const ctx: RouteContext = {
      method,
      pathname: url.pathname,
      query: record.query,
      search: url.search,
      headers: req.headers,
      body: record.body,
      signal,
      services: deps.services,
    };
    if (fault?.kind === 'hugeBody') record.bodyBytesSent = await streamHugeBody(fault, res, signal);
    else if (fault) await answerFaulted(deps, fault, ctx, res);
    else writeReply(res, await dispatch(deps.routes, ctx));
  } catch (error) {
    if (error instanceof HttpError) writeReply(res, error.reply);
    else if (error instanceof AbortedError || signal.aborted || res.headersSent) res.destroy();
    else writeReply(res, errorReply(500, `Simulator error: ${String(error)}`));
  }
}

async function answerFaulted(
  deps: PipelineDeps,
  fault: FaultRule,
  ctx: RouteContext,
  res: ServerResponse,
): Promise<void> {
  switch (fault.kind) {
    case 'noAnswer':
      await untilAborted(ctx.signal);
      return;
    case 'hugeBody':
      await streamHugeBody(fault, res, ctx.signal);
      return;
    case 'slowHeaders':
      await deps.timers.sleep(fault.ms, ctx.signal);
      writeReply(res, await dispatch(deps.routes, ctx));
      return;
    case 'slowBody': {
      const reply = await dispatch(deps.routes, ctx);
      if (res.destroyed) return;
      res.writeHead(reply.status, replyHeaders(reply));
      res.flushHeaders();
      await deps.timers.sleep(fault.ms, ctx.signal);
      res.end(reply.body);
      return;
    }
    default:
      answerWithFault(fault, res);
  }
}
