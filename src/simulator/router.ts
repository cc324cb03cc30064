import type { IncomingHttpHeaders } from 'node:http';
import type { Reply } from './http';
import { errorReply, HttpError } from './http';
import type { SimServices } from './services';

export interface RouteContext {
  method: string;
  pathname: string;
  query: Record<string, string>;
  /** The raw search ("?a=1&a=2"), for parameters that repeat. */
  search: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON when the body is JSON, else its text, else undefined. */
  body: unknown;
  /** Fires when the client goes away or the simulator resets or stops. */
  signal: AbortSignal;
  services: SimServices;
}

export type Handler = (ctx: RouteContext, params: Record<string, string>) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

/** A route for a path template such as "/api/data-brokers/:id" (a parameter is one path segment). */
export function route(method: string, template: string, handler: Handler): Route {
  const source = template
    .split('/')
    .map((part) =>
      part.startsWith(':')
        ? `(?<${part.slice(1)}>[^/]+)`
        : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return { method, pattern: new RegExp(`^${source}$`), handler };
}

function decodeParams(groups: Record<string, string>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(groups)) {
    try {
      params[name] = decodeURIComponent(value);
    } catch {
      throw new HttpError(errorReply(400, `params/${name} is not a valid URI component`));
    }
  }
  return params;
}

/** Runs the matching handler; a handler's HttpError becomes its reply. Unknown routes answer 404. */
export async function dispatch(routes: readonly Route[], ctx: RouteContext): Promise<Reply> {
  for (const candidate of routes) {
    if (candidate.method !== ctx.method) continue;
    const match = candidate.pattern.exec(ctx.pathname);
    if (!match) continue;
    try {
      return await candidate.handler(ctx, decodeParams(match.groups ?? {}));
    } catch (error) {
      if (error instanceof HttpError) return error.reply;
      throw error;
    }
  }
  return errorReply(404, `Route ${ctx.method}:${ctx.pathname} not found`);
}
