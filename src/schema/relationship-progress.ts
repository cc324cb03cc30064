import { checkId } from '../cloudsync/inputs';
import { badInput } from '../errors';
import { openStream } from '../feed/streams';
import type { ProgressEvent, RelationshipChangeEvent } from '../relationships';
import { builder } from './builder';
import { matches } from './relationship-connection';
import {
  inAccount,
  RelationshipFilterInput,
  type RelationshipModel,
  RelationshipRef,
  toFilter,
} from './relationships';

/**
 * Live relationships (design §1.6) on the shared pollers: one upstream GET per interval per (token,
 * account, relationship) however many subscribe, events on change only. Every stream counts against
 * the caller's subscription cap; every event resolves with fresh loaders.
 */

interface ProgressModel {
  relationship: RelationshipModel;
  final: boolean;
  observedAt: Date;
}

const ProgressRef = builder.objectRef<ProgressModel>('RelationshipProgress').implement({
  fields: (t) => ({
    relationship: t.field({ type: RelationshipRef, resolve: (e) => e.relationship }),
    final: t.exposeBoolean('final', {
      description: 'The run ended (DONE, FAILED or ABORTED): the stream completes after this.',
    }),
    observedAt: t.expose('observedAt', { type: 'DateTime' }),
  }),
});

const ChangeKindEnum = builder.enumType('ChangeKind', {
  values: ['ADDED', 'UPDATED', 'REMOVED'] as const,
});

interface ChangeModel {
  kind: RelationshipChangeEvent['kind'];
  id: string;
  relationship: RelationshipModel | null;
}

const ChangeRef = builder.objectRef<ChangeModel>('RelationshipChange').implement({
  fields: (t) => ({
    kind: t.field({ type: ChangeKindEnum, resolve: (e) => e.kind }),
    id: t.exposeID('id'),
    relationship: t.field({
      type: RelationshipRef,
      nullable: true,
      description: 'Null when REMOVED.',
      resolve: (e) => e.relationship,
    }),
  }),
});

/** Pushes every item of a poller's iterator, then ends the stream (with the iterator's error, if any). */
async function pump<T, E>(
  source: AsyncIterableIterator<T>,
  map: (item: T) => E,
  push: (event: E) => Promise<unknown>,
  stop: (error?: unknown) => void,
  stopped: Promise<unknown>,
): Promise<void> {
  void stopped.then(() => source.return?.());
  try {
    for await (const item of source) await push(map(item));
    stop();
  } catch (error) {
    stop(error);
  }
}

builder.subscriptionFields((t) => ({
  relationshipProgress: t.field({
    type: ProgressRef,
    description:
      'One relationship until its run ends (DONE, FAILED or ABORTED), then completes: the current ' +
      "state first, then every change. With `startedAfter` (a sync payload's `requestedAt`), a run " +
      'that ended before it is not taken for the requested one; if none starts within ' +
      '`waitSeconds` (1 to 600), the stream ends with SYNC_NOT_STARTED.',
    args: {
      accountId: t.arg.id({ required: true }),
      id: t.arg.id({ required: true }),
      startedAfter: t.arg({ type: 'DateTime' }),
      waitSeconds: t.arg.int({ defaultValue: 60 }),
    },
    subscribe: (_root, args, ctx) => {
      const caller = ctx.requireCaller();
      const accountId = checkId('accountId', args.accountId);
      const id = checkId('id', args.id);
      const waitSeconds = args.waitSeconds ?? 60;
      if (waitSeconds < 1 || waitSeconds > 600) throw badInput('waitSeconds must be from 1 to 600');
      return openStream<ProgressModel>(ctx, (push, stop) => {
        let source: AsyncIterableIterator<ProgressEvent>;
        try {
          source = ctx.relationships.pollers.watch({
            caller,
            accountId,
            id,
            startedAfter: args.startedAfter?.getTime() ?? null,
            waitSeconds,
          });
        } catch (error) {
          stop(error);
          return;
        }
        return pump(
          source,
          (event) => ({
            relationship: inAccount(accountId, event.relationship),
            final: event.final,
            observedAt: event.observedAt,
          }),
          push,
          stop,
          stop,
        );
      });
    },
    resolve: (event, _args, ctx) => {
      ctx.refreshLoaders();
      return event;
    },
  }),
  relationshipChanges: t.field({
    type: ChangeRef,
    description:
      "Every change of the account's relationships (that pass `filter`) from now on: ADDED, " +
      'UPDATED or REMOVED. One list call per interval per token and account, whatever the number ' +
      'of subscribers: fast while any relationship runs, slow otherwise.',
    args: {
      accountId: t.arg.id({ required: true }),
      filter: t.arg({ type: RelationshipFilterInput }),
    },
    subscribe: (_root, args, ctx) => {
      const caller = ctx.requireCaller();
      const accountId = checkId('accountId', args.accountId);
      const filter = toFilter(args.filter);
      return openStream<ChangeModel>(ctx, (push, stop) =>
        pump(
          ctx.relationships.changes.watch({
            caller,
            accountId,
            accepts: (rel) => matches(rel, filter),
          }),
          (event) => ({
            kind: event.kind,
            id: event.id,
            relationship: event.relationship ? inAccount(accountId, event.relationship) : null,
          }),
          push,
          stop,
          stop,
        ),
      );
    },
    resolve: (event, _args, ctx) => {
      ctx.refreshLoaders();
      return event;
    },
  }),
}));
