import { Repeater, type RepeaterBuffer } from 'graphql-yoga';
import type { GatewayContext } from '../context';
import { GatewayError } from '../errors';

/**
 * A subscription's event stream, counted against the caller's cap and ended cleanly on shutdown.
 * Going over the cap is a plain error before any stream exists. The stream is registered only once
 * it runs: a client that leaves before the first event never started it, so nothing is left over.
 */
type Executor<E> = ConstructorParameters<typeof Repeater<E>>[0];
type Push<E> = Parameters<Executor<E>>[0];
type Stop = Parameters<Executor<unknown>>[1];

/** `shutdown` is aborted (reason: an UPSTREAM_UNAVAILABLE GatewayError) when the gateway stops. */
export type StreamExecutor<E> = (
  push: Push<E>,
  stop: Stop,
  shutdown: AbortSignal,
) => PromiseLike<unknown> | unknown;

/**
 * What a shutdown does to the stream: `stop` ends it at once (the client sees complete); `signal`
 * only aborts the executor's `shutdown` signal, and the executor ends the stream itself (a listing
 * sends its FAILED event first). Either way the server cuts what is left at its shutdown bound.
 */
export type OnShutdown = 'stop' | 'signal';

const shuttingDown = (): GatewayError =>
  new GatewayError('UPSTREAM_UNAVAILABLE', 'The gateway is shutting down; try again');

export function openStream<E>(
  ctx: GatewayContext,
  executor: StreamExecutor<E>,
  buffer?: RepeaterBuffer,
  onShutdown: OnShutdown = 'stop',
): Repeater<E> {
  const caller = ctx.requireCaller();
  ctx.subscriptions.assertRoom(caller.key);
  return new Repeater<E>((push, stop) => {
    const shutdown = new AbortController();
    const close = ctx.subscriptions.open(caller.key, () => {
      shutdown.abort(shuttingDown());
      if (onShutdown === 'stop') stop();
    });
    stop.then(close);
    // Cluster mode: the place is taken over the cluster before the stream starts.
    const admitted = ctx.subscriptions.admit(caller.key);
    if (!admitted) return executor(push, stop, shutdown.signal);
    let stopped = false;
    stop.then(() => {
      stopped = true;
    });
    return admitted.then(
      (release) => {
        stop.then(release);
        if (stopped) return release();
        return executor(push, stop, shutdown.signal);
      },
      (error: unknown) => stop(error),
    );
  }, buffer);
}
