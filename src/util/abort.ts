import { abortSignalAny } from '@graphql-hive/signal';

/** `promise`, or its signal's reason as soon as the signal aborts (the promise itself goes on). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * A signal aborted when any of `signals` aborts, with its reason. Built on `@graphql-hive/signal`:
 * Node 20's `AbortSignal.any` keeps its combined signals alive as long as a long-lived source is.
 */
export function anySignal(first: AbortSignal, ...rest: AbortSignal[]): AbortSignal {
  return abortSignalAny([first, ...rest]) ?? first;
}
