import { type DocumentNode, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';

interface ExecutionResultLike {
  errors?: readonly { extensions?: Record<string, unknown> }[];
}

function outcomeOf(result: unknown): string {
  const errors = (result as ExecutionResultLike | null)?.errors;
  if (!errors?.length) return 'ok';
  const code = errors[0]?.extensions?.code;
  return typeof code === 'string' ? code : 'error';
}

/** One log line and the metrics of every operation: name, duration, outcome, upstream calls. */
export function observabilityPlugin(logger: Logger, metrics: Metrics): Plugin {
  const observe = (
    args: { document: DocumentNode; operationName?: string | null; contextValue: unknown },
    kind: string,
  ) => {
    const started = performance.now();
    const ctx = args.contextValue as GatewayContext;
    const operation =
      getOperationAST(args.document, args.operationName || undefined)?.name?.value ?? 'anonymous';
    return (result: unknown) => {
      const seconds = (performance.now() - started) / 1000;
      const outcome = Symbol.asyncIterator in Object(result) ? 'stream' : outcomeOf(result);
      metrics.requests.inc({ operation, outcome });
      metrics.duration.observe({ operation }, seconds);
      logger.info({
        requestId: ctx.requestId,
        kind,
        operation,
        outcome,
        durationMs: Math.round(seconds * 10_000) / 10,
        upstreamCalls: ctx.caller?.upstreamCalls ?? 0,
      });
    };
  };
  return {
    onExecute({ args }) {
      const done = observe(args, 'execute');
      return { onExecuteDone: ({ result }) => done(result) };
    },
    onSubscribe({ args }) {
      const done = observe(args, 'subscribe');
      return { onSubscribeResult: ({ result }) => done(result) };
    },
  };
}
