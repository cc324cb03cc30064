import { Repeater } from 'graphql-yoga';
import type { GatewayContext } from '../context';

/**
 * A subscription's event stream, counted against the caller's cap and ended cleanly on shutdown.
 * The cap is checked before the stream exists, so going over is a plain error, not a stream.
 */
type Executor<T> = ConstructorParameters<typeof Repeater<T>>[0];

export function openStream<T>(ctx: GatewayContext, executor: Executor<T>): Repeater<T> {
  const caller = ctx.requireCaller();
  let end = () => {};
  let ended = false;
  const close = ctx.subscriptions.open(caller.key, () => {
    ended = true;
    end();
  });
  return new Repeater<T>((push, stop) => {
    end = () => stop();
    stop.then(close);
    if (ended) stop();
    return executor(push, stop);
  });
}
