import { Repeater, type RepeaterBuffer } from 'graphql-yoga';
import type { GatewayContext } from '../context';

/**
 * A subscription's event stream, counted against the caller's cap and ended cleanly on shutdown.
 * Going over the cap is a plain error before any stream exists. The stream is registered only once
 * it runs: a client that leaves before the first event never started it, so nothing is left over.
 */
type Executor<T> = ConstructorParameters<typeof Repeater<T>>[0];

export function openStream<T>(
  ctx: GatewayContext,
  executor: Executor<T>,
  buffer?: RepeaterBuffer,
): Repeater<T> {
  const caller = ctx.requireCaller();
  ctx.subscriptions.assertRoom(caller.key);
  return new Repeater<T>((push, stop) => {
    const close = ctx.subscriptions.open(caller.key, () => stop());
    stop.then(close);
    return executor(push, stop);
  }, buffer);
}
