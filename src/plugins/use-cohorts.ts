import { getOperationAST, Kind, type OperationDefinitionNode, print } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context';
import type { Cohorts } from '../feed/cohorts';

/** Root subscription fields delivered by cohort (their events do not depend on who asks). */
const COHORT_FIELDS = new Set(['feedMessages']);

/**
 * Whether an operation can share a cohort: a subscription of one cohort field without `after`
 * (a subscriber that resumes is caught up from its own id, so it runs alone).
 */
function cohortable(
  operation: OperationDefinitionNode | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): boolean {
  if (operation?.operation !== 'subscription') return false;
  const [field, ...more] = operation.selectionSet.selections;
  if (field?.kind !== Kind.FIELD || more.length > 0 || !COHORT_FIELDS.has(field.name.value)) {
    return false;
  }
  const after = field.arguments?.find((argument) => argument.name.value === 'after')?.value;
  if (!after || after.kind === Kind.NULL) return true;
  return after.kind === Kind.VARIABLE && variables?.[after.name.value] == null;
}

/**
 * Cohort delivery (src/feed/cohorts.ts) on every transport (graphql-ws and SSE): the operation's
 * subscribe joins the cohort of (token hash, operation name, document, variables).
 */
export function cohortPlugin(cohorts: Cohorts): Plugin {
  return {
    onSubscribe({ args, subscribeFn, setSubscribeFn }) {
      const ctx = args.contextValue as unknown as GatewayContext;
      const caller = ctx.caller;
      if (!caller) return;
      // A cohort member takes only a local place; in cluster mode each subscription runs alone so
      // that it takes its place over the cluster (MAX_SUBSCRIPTIONS_PER_TOKEN counted cluster-wide).
      if (ctx.subscriptions.countsOverCluster) return;
      if (!cohortable(getOperationAST(args.document, args.operationName), args.variableValues)) {
        return;
      }
      const document = args.document.loc?.source.body ?? print(args.document);
      const key = [
        caller.key,
        args.operationName ?? '',
        document,
        JSON.stringify(args.variableValues ?? {}),
      ].join('\u0000');
      setSubscribeFn((own) =>
        cohorts.join(
          key,
          async () => subscribeFn(own),
          (end) => ctx.subscriptions.open(caller.key, end),
        ),
      );
    },
  };
}
