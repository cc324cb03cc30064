import { checkId } from '../cloudsync/inputs';
import { mergeSettings } from '../cloudsync/parse-relationships';
import { UpstreamRejectedError } from '../cloudsync/relationships-client';
import type { GatewayContext } from '../context';
import { badInput, GatewayError } from '../errors';
import { builder } from './builder';
import { forgetRelationships, loadRelationship, loadRelationships } from './relationship-loaders';
import { inAccount, RelationshipRef, TagInput } from './relationships';

/**
 * The relationship mutations (design §1.5). Expected, fixable outcomes (sync while running, an
 * unknown id, an upstream 400) are `userErrors` in the payload; auth, rate limits and outages stay
 * top-level errors with the contract's codes. No mutation is ever retried. Each one that reached the
 * upstream nudges the caller's pollers of that relationship.
 */

const USER_ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'SYNC_ALREADY_RUNNING',
  'ABORT_REJECTED',
  'UPSTREAM_REJECTED',
  'GROUP_HAS_NO_BROKERS',
] as const;
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

export interface UserErrorModel {
  code: UserErrorCode;
  message: string;
  field: string[] | null;
}

const UserErrorCodeEnum = builder.enumType('UserErrorCode', { values: USER_ERROR_CODES });

export const UserErrorRef = builder.objectRef<UserErrorModel>('UserError').implement({
  description: 'An expected outcome the caller can act on, e.g. SYNC_ALREADY_RUNNING.',
  fields: (t) => ({
    code: t.field({ type: UserErrorCodeEnum, resolve: (e) => e.code }),
    message: t.exposeString('message'),
    field: t.exposeStringList('field', {
      nullable: true,
      description: 'The path of the input it is about, e.g. ["ids", "1"].',
    }),
  }),
});

export interface PayloadModel {
  accountId: string;
  id: string;
  userErrors: UserErrorModel[];
}

const relationshipOf = async (p: PayloadModel, ctx: GatewayContext) => {
  if (p.id === '') return null; // nothing was created
  const rel = await loadRelationship(ctx, p.accountId, p.id);
  return rel ? inAccount(p.accountId, rel) : null;
};

export const RelationshipPayloadRef = builder
  .objectRef<PayloadModel>('RelationshipPayload')
  .implement({
    fields: (t) => ({
      relationship: t.field({
        type: RelationshipRef,
        nullable: true,
        description:
          'Read again after the change (only when selected); null when it does not exist.',
        resolve: (p, _args, ctx) => relationshipOf(p, ctx),
      }),
      userErrors: t.field({ type: [UserErrorRef], resolve: (p) => p.userErrors }),
    }),
  });

const SyncPayloadRef = builder
  .objectRef<PayloadModel & { requestedAt: Date }>('SyncRelationshipPayload')
  .implement({
    fields: (t) => ({
      relationship: t.field({
        type: RelationshipRef,
        nullable: true,
        description: 'Right after the sync is accepted it may still show the previous run.',
        resolve: (p, _args, ctx) => relationshipOf(p, ctx),
      }),
      requestedAt: t.expose('requestedAt', {
        type: 'DateTime',
        description: "The gateway's clock when it sent the sync: pass it as `startedAfter`.",
      }),
      userErrors: t.field({ type: [UserErrorRef], resolve: (p) => p.userErrors }),
    }),
  });

const DeletePayloadRef = builder
  .objectRef<{ deletedIds: string[]; userErrors: UserErrorModel[] }>('DeleteRelationshipsPayload')
  .implement({
    fields: (t) => ({
      deletedIds: t.exposeIDList('deletedIds'),
      userErrors: t.field({ type: [UserErrorRef], resolve: (p) => p.userErrors }),
    }),
  });

// ---- Settings patch ----

const FileTypeFilterInput = builder.inputType('FileTypeFilterInput', {
  fields: (t) => ({
    files: t.boolean(),
    dirs: t.boolean(),
    symlinks: t.boolean(),
    hardlinks: t.boolean(),
  }),
});
const CompareByInput = builder.inputType('CompareByInput', {
  fields: (t) => ({ uid: t.boolean(), gid: t.boolean(), mtime: t.boolean(), mode: t.boolean() }),
});
const CopyPropertiesInput = builder.inputType('CopyPropertiesInput', {
  fields: (t) => ({ metadata: t.boolean(), tags: t.boolean() }),
});
const FileFilterInput = builder.inputType('FileFilterInput', {
  fields: (t) => ({
    excludeExtensions: t.stringList(),
    excludeByRegex: t.stringList(),
    minSize: t.field({ type: 'SafeInt' }),
    maxSize: t.field({ type: 'SafeInt' }),
    minDate: t.string(),
    maxDate: t.string(),
    minCreationDate: t.string(),
    maxCreationDate: t.string(),
  }),
});
const DirectoryFilterInput = builder.inputType('DirectoryFilterInput', {
  fields: (t) => ({ excludeNames: t.stringList(), excludeByRegex: t.stringList() }),
});
const IntervalInput = builder.inputType('IntervalInput', {
  fields: (t) => ({ days: t.int(), hours: t.int(), minutes: t.int() }),
});
const ScheduleInput = builder.inputType('ScheduleInput', {
  fields: (t) => ({
    enabled: t.boolean(),
    every: t.field({ type: IntervalInput }),
    syncWhenCreated: t.boolean(),
  }),
});
const ScheduleAbortInput = builder.inputType('ScheduleAbortInput', {
  fields: (t) => ({ enabled: t.boolean(), after: t.field({ type: IntervalInput }) }),
});
const NotificationsInput = builder.inputType('NotificationsInput', {
  fields: (t) => ({
    done: t.boolean(),
    failed: t.boolean(),
    aborted: t.boolean(),
    runningContinuously: t.boolean(),
  }),
});

export const SettingsInput = builder.inputType('RelationshipSettingsInput', {
  description: 'A patch: only the fields given change; every other setting is kept.',
  fields: (t) => ({
    gracePeriodSeconds: t.int(),
    retries: t.int(),
    deleteOnSource: t.boolean(),
    deleteOnTarget: t.boolean(),
    objectTagging: t.boolean(),
    copyAcl: t.boolean(),
    copyData: t.boolean(),
    continuousSync: t.boolean(),
    fileTypes: t.field({ type: FileTypeFilterInput }),
    compareBy: t.field({ type: CompareByInput }),
    copyProperties: t.field({ type: CopyPropertiesInput }),
    files: t.field({ type: FileFilterInput }),
    directories: t.field({ type: DirectoryFilterInput }),
    schedule: t.field({ type: ScheduleInput }),
    scheduleAbort: t.field({ type: ScheduleAbortInput }),
    notifications: t.field({ type: NotificationsInput }),
  }),
});

type Json = Record<string, unknown>;

/** Keeps the given (non-null) values under their upstream names. */
function pick(source: Record<string, unknown> | null | undefined, names: Record<string, string>) {
  const out: Json = {};
  if (!source) return out;
  for (const [field, upstream] of Object.entries(names)) {
    const value = source[field];
    if (value !== undefined && value !== null) out[upstream] = value;
  }
  return out;
}

const same = (...names: string[]) => Object.fromEntries(names.map((name) => [name, name]));

/** The patch in upstream's names (gracePeriodSeconds → gracePeriod, schedule.enabled → isEnabled…). */
export function upstreamSettingsPatch(patch: typeof SettingsInput.$inferInput): Json {
  const out: Json = pick(patch, {
    gracePeriodSeconds: 'gracePeriod',
    ...same('retries', 'deleteOnSource', 'deleteOnTarget', 'objectTagging', 'copyAcl'),
    ...same('copyData', 'continuousSync'),
  });
  const nest = (name: string, value: Json | null) => {
    if (value && Object.keys(value).length > 0) out[name] = value;
  };
  if (patch.fileTypes)
    nest(
      'fileTypes',
      pick(patch.fileTypes, { dirs: 'directories', ...same('files', 'symlinks', 'hardlinks') }),
    );
  if (patch.compareBy)
    nest('compareBy', pick(patch.compareBy, same('uid', 'gid', 'mtime', 'mode')));
  if (patch.copyProperties)
    nest('copyProperties', pick(patch.copyProperties, same('metadata', 'tags')));
  if (patch.files)
    nest(
      'files',
      pick(
        patch.files,
        same(
          'excludeExtensions',
          'excludeByRegex',
          'minSize',
          'maxSize',
          'minDate',
          'maxDate',
          'minCreationDate',
          'maxCreationDate',
        ),
      ),
    );
  if (patch.directories)
    nest('directories', pick(patch.directories, same('excludeNames', 'excludeByRegex')));
  if (patch.schedule) {
    nest('schedule', {
      ...pick(patch.schedule, { enabled: 'isEnabled', syncWhenCreated: 'syncWhenCreated' }),
      ...pick(patch.schedule.every, {
        days: 'syncInDays',
        hours: 'syncInHours',
        minutes: 'syncInMinutes',
      }),
    });
  }
  if (patch.scheduleAbort) {
    nest('scheduleAbort', {
      ...pick(patch.scheduleAbort, { enabled: 'isEnabled' }),
      ...pick(patch.scheduleAbort.after, {
        days: 'abortInDays',
        hours: 'abortInHours',
        minutes: 'abortInMinutes',
      }),
    });
  }
  if (patch.notifications) {
    const cm = pick(patch.notifications, {
      ...same('done', 'failed', 'aborted'),
      runningContinuously: 'running_continuously',
    });
    if (Object.keys(cm).length > 0) out.notifications = { cm };
  }
  return out;
}

export function checkSettingsPatch(patch: typeof SettingsInput.$inferInput): UserErrorModel[] {
  const errors: UserErrorModel[] = [];
  const range = (value: number | null | undefined, field: string[], min: number, max: number) => {
    if (value != null && (value < min || value > max)) {
      errors.push({
        code: 'INVALID_INPUT',
        message: `${field.join('.')} must be from ${min} to ${max}`,
        field: ['patch', ...field],
      });
    }
  };
  range(patch.gracePeriodSeconds, ['gracePeriodSeconds'], 0, 86_400);
  range(patch.retries, ['retries'], 0, 100);
  range(patch.files?.minSize, ['files', 'minSize'], 0, Number.MAX_SAFE_INTEGER);
  range(patch.files?.maxSize, ['files', 'maxSize'], 0, Number.MAX_SAFE_INTEGER);
  for (const [name, interval] of [
    ['schedule', patch.schedule?.every],
    ['scheduleAbort', patch.scheduleAbort?.after],
  ] as const) {
    range(interval?.days, [name, 'days'], 0, 365);
    range(interval?.hours, [name, 'hours'], 0, 23);
    range(interval?.minutes, [name, 'minutes'], 0, 59);
  }
  return errors;
}

// ---- Outcomes ----

/** Runs one upstream write; its expected refusals become userErrors, the rest are thrown. */
export async function attempt(
  run: () => Promise<unknown>,
  rejected: 'ABORT_REJECTED' | 'UPSTREAM_REJECTED' = 'UPSTREAM_REJECTED',
): Promise<UserErrorModel[]> {
  try {
    await run();
    return [];
  } catch (error) {
    if (error instanceof UpstreamRejectedError) {
      const code = error.reason === 'SYNC_ALREADY_RUNNING' ? 'SYNC_ALREADY_RUNNING' : rejected;
      return [{ code, message: error.upstreamMessage, field: null }];
    }
    if (error instanceof GatewayError && error.code === 'NOT_FOUND') {
      return [
        { code: 'NOT_FOUND', message: 'There is no relationship with that id', field: ['id'] },
      ];
    }
    throw error;
  }
}

/** After a write: this request reads afresh, and the caller's pollers of it poll soon. */
export function wrote(ctx: GatewayContext, accountId: string, ids: readonly string[]): void {
  const key = ctx.requireCaller().key;
  for (const id of ids) {
    forgetRelationships(ctx, accountId, id);
    ctx.relationships.pollers.nudge(accountId, id, key);
  }
  if (ids.length === 0) forgetRelationships(ctx, accountId);
  ctx.relationships.changes.nudge(accountId, key);
}

const notFound = (id: string): UserErrorModel => ({
  code: 'NOT_FOUND',
  message: `There is no relationship with id ${id}`,
  field: ['id'],
});

export function checkTag(key: string, value: string, field: string[]): UserErrorModel | null {
  if (key.length === 0 || key.length > 128) {
    return { code: 'INVALID_INPUT', message: 'A tag key must have 1 to 128 characters', field };
  }
  if (value.length > 256) {
    return {
      code: 'INVALID_INPUT',
      message: 'A tag value must have at most 256 characters',
      field,
    };
  }
  return null;
}

const MAX_DELETE_IDS = 500;

async function deleteMany(
  ctx: GatewayContext,
  accountId: string,
  requested: readonly string[],
): Promise<{ deletedIds: string[]; userErrors: UserErrorModel[] }> {
  const caller = ctx.requireCaller();
  const account = checkId('accountId', accountId);
  if (requested.length > MAX_DELETE_IDS) {
    throw badInput(`ids may name at most ${MAX_DELETE_IDS} relationships`);
  }
  const ids = [...new Set(requested.map((id) => checkId('ids', id)))];
  const existing = new Set((await loadRelationships(ctx, account)).map((rel) => rel.id));
  const known = ids.filter((id) => existing.has(id));
  const userErrors: UserErrorModel[] = requested.flatMap((id, index) =>
    existing.has(id)
      ? []
      : [
          {
            code: 'NOT_FOUND' as const,
            message: `There is no relationship with id ${id}`,
            field: ['ids', String(index)],
          },
        ],
  );
  if (known.length === 0) return { deletedIds: [], userErrors };
  const failed = await attempt(() =>
    ctx.cloudsync.relationships.deleteRelationships(caller, account, known),
  );
  wrote(ctx, account, known);
  if (failed.length > 0) return { deletedIds: [], userErrors: [...userErrors, ...failed] };
  return { deletedIds: known, userErrors };
}

// ---- Mutations ----

builder.mutationFields((t) => ({
  syncRelationship: t.field({
    type: SyncPayloadRef,
    description:
      'Starts a run now. While one runs, `userErrors` has SYNC_ALREADY_RUNNING with the ' +
      "upstream's message. Watch it with `relationshipProgress(startedAfter: requestedAt)`.",
    args: { accountId: t.arg.id({ required: true }), id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const accountId = checkId('accountId', args.accountId);
      const id = checkId('id', args.id);
      const caller = ctx.requireCaller();
      const requestedAt = new Date(ctx.relationships.pollers.clock.now());
      const userErrors = await attempt(() =>
        ctx.cloudsync.relationships.syncRelationship(caller, accountId, id),
      );
      if (userErrors.length === 0) wrote(ctx, accountId, [id]);
      return { accountId, id, requestedAt, userErrors };
    },
  }),
  abortRelationship: t.field({
    type: RelationshipPayloadRef,
    description: 'Aborts the running run; the relationship ends ABORTED.',
    args: { accountId: t.arg.id({ required: true }), id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const accountId = checkId('accountId', args.accountId);
      const id = checkId('id', args.id);
      const caller = ctx.requireCaller();
      const userErrors = await attempt(
        () => ctx.cloudsync.relationships.abortRelationship(caller, accountId, id),
        'ABORT_REJECTED',
      );
      if (userErrors.length === 0) wrote(ctx, accountId, [id]);
      return { accountId, id, userErrors };
    },
  }),
  updateRelationshipSettings: t.field({
    type: RelationshipPayloadRef,
    description:
      'A patch: reads the current settings, merges the fields given, writes the whole object ' +
      'back. A concurrent edit by someone else between the read and the write is lost.',
    args: {
      accountId: t.arg.id({ required: true }),
      id: t.arg.id({ required: true }),
      patch: t.arg({ type: SettingsInput, required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const accountId = checkId('accountId', args.accountId);
      const id = checkId('id', args.id);
      const caller = ctx.requireCaller();
      const invalid = checkSettingsPatch(args.patch);
      if (invalid.length > 0) return { accountId, id, userErrors: invalid };
      const current = await loadRelationship(ctx, accountId, id);
      if (!current) return { accountId, id, userErrors: [notFound(id)] };
      const merged = mergeSettings(current.settings?.raw ?? {}, upstreamSettingsPatch(args.patch));
      const userErrors = await attempt(() =>
        ctx.cloudsync.relationships.updateRelationshipSettings(caller, accountId, id, merged),
      );
      wrote(ctx, accountId, [id]);
      return { accountId, id, userErrors };
    },
  }),
  updateRelationshipTags: t.field({
    type: RelationshipPayloadRef,
    description: '`add` sets tags (a key already there gets the new value); `remove` drops keys.',
    args: {
      accountId: t.arg.id({ required: true }),
      id: t.arg.id({ required: true }),
      add: t.arg({ type: [TagInput] }),
      remove: t.arg.stringList(),
    },
    resolve: async (_root, args, ctx) => {
      const accountId = checkId('accountId', args.accountId);
      const id = checkId('id', args.id);
      const caller = ctx.requireCaller();
      const add = args.add ?? [];
      const remove = args.remove ?? [];
      if (add.length + remove.length > 100) throw badInput('At most 100 tags can change at once');
      const invalid = [
        ...add.map((tag, i) => checkTag(tag.key, tag.value, ['add', String(i)])),
        ...remove.map((key, i) => checkTag(key, '', ['remove', String(i)])),
      ].filter((error): error is UserErrorModel => error !== null);
      if (invalid.length > 0) return { accountId, id, userErrors: invalid };
      const userErrors = await attempt(() =>
        ctx.cloudsync.relationships.updateRelationshipTags(caller, accountId, id, { add, remove }),
      );
      wrote(ctx, accountId, [id]);
      return { accountId, id, userErrors };
    },
  }),
  renameRelationship: t.field({
    type: RelationshipPayloadRef,
    description: 'Sets the tag "name".',
    args: {
      accountId: t.arg.id({ required: true }),
      id: t.arg.id({ required: true }),
      name: t.arg.string({ required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const accountId = checkId('accountId', args.accountId);
      const id = checkId('id', args.id);
      const caller = ctx.requireCaller();
      const name = args.name.trim();
      if (!name || name.length > 256) {
        return {
          accountId,
          id,
          userErrors: [
            {
              code: 'INVALID_INPUT' as const,
              message: 'name must have 1 to 256 characters',
              field: ['name'],
            },
          ],
        };
      }
      const userErrors = await attempt(() =>
        ctx.cloudsync.relationships.updateRelationshipTags(caller, accountId, id, {
          add: [{ key: 'name', value: name }],
        }),
      );
      wrote(ctx, accountId, [id]);
      return { accountId, id, userErrors };
    },
  }),
  deleteRelationships: t.field({
    type: DeletePayloadRef,
    description:
      'Deletes the relationships named, in one upstream call. Ids the account does not have are ' +
      'NOT_FOUND userErrors (field ["ids", index]); the others are deleted.',
    args: { accountId: t.arg.id({ required: true }), ids: t.arg.idList({ required: true }) },
    resolve: (_root, args, ctx) => deleteMany(ctx, args.accountId, args.ids),
  }),
  deleteRelationship: t.field({
    type: DeletePayloadRef,
    description: 'deleteRelationships with one id.',
    args: { accountId: t.arg.id({ required: true }), id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const result = await deleteMany(ctx, args.accountId, [args.id]);
      return {
        ...result,
        userErrors: result.userErrors.map((error) =>
          error.field?.[0] === 'ids' ? { ...error, field: ['id'] } : error,
        ),
      };
    },
  }),
}));
