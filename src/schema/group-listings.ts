import type { ArgBuilder, InputObjectRef } from '@pothos/core';
import type { ListingCredentials, ListingParams } from '../cloudsync/group-listings';
import { checkId } from '../cloudsync/inputs';
import type {
  CredentialSetName,
  ListingOperationSpec,
  ListingQueryParam,
  ListingResultKind,
} from '../cloudsync/list-operations';
import { CIFS_VERSIONS, LIST_OPERATIONS, NFS_VERSIONS } from '../cloudsync/list-operations';
import type { StorageFolder } from '../cloudsync/listing-parsers';
import type { SecretValue } from '../cloudsync/secret-value';
import type { GatewayContext } from '../context';
import { badInput } from '../errors';
import { builder, LISTING_COST } from './builder';
import {
  AccessKeyCredentialsInput,
  AzureStorageCredentialsInput,
  BoxAppInput,
  BoxCredentialsInput,
  CifsCredentialsInput,
  GoogleServiceAccountInput,
  SftpCredentialsInput,
} from './credential-inputs';
import { DataBrokerGroupRef } from './data-brokers';
import {
  awaitGroupListing,
  checkGroupListing,
  DEFAULT_TIMEOUT_SECONDS,
  type GroupScope,
  type ListingEvent,
  listingFields,
  listingStream,
  listingTimeoutMs,
} from './listing-events';
import {
  CifsShareRef,
  KmsKeyRef,
  type ListingItemModel,
  ListingItemRef,
  S3PrivateLinkRef,
  StorageContainerRef,
  StorageFolderRef,
} from './listing-items';
import { NfsExportRef, NfsFolderRef, withScope } from './nfs';
import { S3BucketRef } from './s3-buckets';
import { CifsVersionEnum, NfsVersionEnum } from './storage-versions';

/**
 * The 29 group-family listings (design §2), generated from the registry (cloudsync/list-operations.ts):
 * one waiting field per row on DataBrokerGroup, one request input per row, and one generic
 * `groupListing` subscription whose `request` is a @oneOf of those inputs. Adding an operation is
 * one row there; nothing here names an operation.
 */

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
type Args = Readonly<Record<string, unknown>>;

// ---- Credentials (design §2.4) ----

/**
 * The credentials input of each credential set: its type name, and the headers that are plain
 * arguments instead (a Google subject is whom to impersonate; x-bucket-name is "for UI use").
 */
type InputRef = InputObjectRef<Types, Record<string, unknown>>;

/**
 * The credentials input of each credential set (the same types createRelationship takes: their
 * fields are the registry's header inputs), and the headers that are plain arguments instead (a
 * Google subject is whom to impersonate; x-bucket-name is "for UI use").
 */
const CREDENTIAL_INPUTS: Record<
  CredentialSetName,
  { type: InputRef | null; outside: readonly string[] }
> = {
  none: { type: null, outside: [] },
  cifs: { type: CifsCredentialsInput, outside: [] },
  accessKeys: { type: AccessKeyCredentialsInput, outside: [] },
  azure: { type: AzureStorageCredentialsInput, outside: [] },
  sftp: { type: SftpCredentialsInput, outside: [] },
  googleDrive: { type: GoogleServiceAccountInput, outside: ['subject'] },
  box: { type: BoxCredentialsInput, outside: [] },
  privateLink: { type: null, outside: ['bucketName'] },
};

function credentialsInput(spec: ListingOperationSpec): InputRef | null {
  return CREDENTIAL_INPUTS[spec.credentials].type;
}

/** Box's app identity (query parameters clientId, enterpriseId, appName) as one argument. */
const BOX_APP_PARAMS = ['clientId', 'enterpriseId', 'appName'];

// ---- One operation's arguments ----

/** How one GraphQL argument maps to the upstream call. */
type ArgPlan =
  | { name: string; kind: 'param'; param: ListingQueryParam }
  | { name: 'app'; kind: 'app' }
  | { name: 'credentials'; kind: 'credentials'; input: InputRef; headers: readonly string[] }
  | { name: string; kind: 'header'; input: string; required: boolean };

/** The schema's name of a query parameter (the SPEC's isEFS reads isEfs, as the schema spells acronyms). */
const argName = (param: string) => (param === 'isEFS' ? 'isEfs' : param);

function argPlans(spec: ListingOperationSpec): ArgPlan[] {
  const plans: ArgPlan[] = [];
  const boxApp = spec.query.some((param) => param.name === 'clientId');
  for (const param of spec.query) {
    if (boxApp && BOX_APP_PARAMS.includes(param.name)) continue;
    plans.push({ name: argName(param.name), kind: 'param', param });
  }
  if (boxApp) plans.unshift({ name: 'app', kind: 'app' });
  const plan = CREDENTIAL_INPUTS[spec.credentials];
  for (const header of spec.headers) {
    if (plan.outside.includes(header.input)) {
      plans.push({
        name: header.input,
        kind: 'header',
        input: header.input,
        required: header.required,
      });
    }
  }
  const input = credentialsInput(spec);
  if (input) {
    plans.push({
      name: 'credentials',
      kind: 'credentials',
      input,
      headers: spec.headers
        .filter((header) => !plan.outside.includes(header.input))
        .map((header) => header.input),
    });
  }
  return plans;
}

type InputBuilder = PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>;

/** The GraphQL argument (or request input field) of a plan. */
function argField(t: ArgBuilder<Types> | InputBuilder, plan: ArgPlan) {
  // An argument builder is the `field` function itself; an input object's has it as a method.
  const field = typeof t === 'function' ? t : t.field.bind(t);
  switch (plan.kind) {
    case 'app':
      return field({ type: BoxAppInput, required: true });
    case 'credentials':
      return field({ type: plan.input, required: true });
    case 'header':
      return t.string({ required: plan.required });
    case 'param': {
      const { param } = plan;
      const required = param.required;
      if (param.type === 'boolean') return t.boolean({ required });
      if (param.type === 'integer') return t.int({ required });
      if (param.enum === NFS_VERSIONS) return field({ type: NfsVersionEnum, required });
      if (param.enum === CIFS_VERSIONS) return field({ type: CifsVersionEnum, required });
      return t.string({ required });
    }
  }
}

const argFields = (t: ArgBuilder<Types> | InputBuilder, plans: readonly ArgPlan[]) =>
  Object.fromEntries(plans.map((plan) => [plan.name, argField(t, plan)]));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A credential's value as the client gives it (a secret is a SecretValue). */
const credential = (value: unknown): string | SecretValue | null | undefined =>
  value === null || value === undefined || typeof value === 'string'
    ? value
    : (value as SecretValue);

/** The upstream call's query parameters and credential headers, from the arguments. */
function upstreamInputs(
  plans: readonly ArgPlan[],
  args: Args,
): { params: ListingParams; credentials: ListingCredentials } {
  const params: Record<string, string | number | boolean | null | undefined> = {};
  const credentials: Record<string, string | SecretValue | null | undefined> = {};
  for (const plan of plans) {
    const value = args[plan.name];
    if (value === undefined || value === null) continue;
    switch (plan.kind) {
      case 'param':
        params[plan.param.name] = value as string | number | boolean;
        break;
      case 'app':
        if (isRecord(value)) {
          for (const name of BOX_APP_PARAMS) {
            params[name] = value[name] as string | null | undefined;
          }
        }
        break;
      case 'header':
        credentials[plan.input] = credential(value);
        break;
      case 'credentials':
        if (isRecord(value)) {
          for (const name of plan.headers) credentials[name] = credential(value[name]);
        }
        break;
    }
  }
  return { params, credentials };
}

// ---- The fields ----

const capitalized = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** The GraphQL type of one operation's items. */
function itemType(kind: ListingResultKind) {
  switch (kind) {
    case 'nfsExports':
      return NfsExportRef;
    case 'nfsFolders':
      return NfsFolderRef;
    case 's3Buckets':
      return S3BucketRef;
    case 'cifsShares':
      return CifsShareRef;
    case 'containers':
    case 'drives':
      return StorageContainerRef;
    case 'folders':
    case 'rootFolder':
      return StorageFolderRef;
    case 'kmsKeys':
      return KmsKeyRef;
    case 'privateLinks':
      return S3PrivateLinkRef;
  }
}

const TYPENAME: Record<ListingResultKind, string> = {
  nfsExports: 'NfsExport',
  nfsFolders: 'NfsFolder',
  s3Buckets: 'S3Bucket',
  cifsShares: 'CifsShare',
  containers: 'StorageContainer',
  drives: 'StorageContainer',
  folders: 'StorageFolder',
  rootFolder: 'StorageFolder',
  kmsKeys: 'KmsKey',
  privateLinks: 'S3PrivateLink',
};

interface Operation {
  spec: ListingOperationSpec;
  plans: ArgPlan[];
}

const OPERATIONS: readonly Operation[] = LIST_OPERATIONS.map((spec) => ({
  spec,
  plans: argPlans(spec),
}));

/** Runs one operation on a group: its items, ready for their GraphQL type. */
async function listOnGroup(
  ctx: GatewayContext,
  scope: GroupScope,
  { spec, plans }: Operation,
  args: Args,
  timeoutSeconds: number | null | undefined,
  signal?: AbortSignal,
): Promise<ListingItemModel[]> {
  const { params, credentials } = upstreamInputs(plans, args);
  const items = await awaitGroupListing(
    ctx,
    scope,
    spec,
    params,
    credentials,
    timeoutSeconds,
    signal,
  );
  if (spec.result === 'nfsExports') {
    const host = String(params.host ?? '');
    return withScope({ ...scope, dataBrokerId: null }, host, items as { path: string }[]);
  }
  return items as ListingItemModel[];
}

const description = ({ spec }: Operation) =>
  `${spec.name}: some data broker of this group answers, and the answer is awaited on the feed ` +
  `(GET /api/accounts/{accountId}/groups/{groupId}/${spec.name}).` +
  (spec.headers.some((header) => header.secret)
    ? ' Credentials travel to Cloud Sync as request headers only; pass them in variables.'
    : '');

builder.objectFields(DataBrokerGroupRef, (t) =>
  Object.fromEntries(
    OPERATIONS.map((operation) => {
      const { spec, plans } = operation;
      const args = {
        ...argFields(t.arg, plans),
        timeoutSeconds: t.arg.int({ defaultValue: DEFAULT_TIMEOUT_SECONDS }),
      };
      const run = (group: { id: string; accountId: string }, raw: Args, ctx: GatewayContext) =>
        listOnGroup(
          ctx,
          { accountId: group.accountId, groupId: group.id },
          operation,
          raw,
          raw.timeoutSeconds as number | null | undefined,
        );
      const field =
        spec.result === 'rootFolder'
          ? t.field({
              type: StorageFolderRef,
              nullable: true,
              complexity: LISTING_COST,
              description: `${description(operation)} A single folder (null when the broker sent none).`,
              args,
              resolve: async (group, raw, ctx) =>
                ((await run(group, raw, ctx))[0] as StorageFolder | undefined) ?? null,
            })
          : t.field({
              // The row's item type; typed as the interface they all implement.
              type: [itemType(spec.result) as unknown as typeof ListingItemRef],
              complexity: LISTING_COST,
              description: description(operation),
              args,
              resolve: (group, raw, ctx) => run(group, raw, ctx),
            });
      return [spec.field, field];
    }),
  ),
);

// ---- The generic subscription ----

/** No-argument operations take `true` in the request (a @oneOf member cannot be an empty input). */
const requestMembers = OPERATIONS.map((operation) => {
  const { spec, plans } = operation;
  if (plans.length === 0) return { operation, input: null };
  const input = builder
    .inputRef<Record<string, unknown>>(`${capitalized(spec.field)}Request`)
    .implement({
      description: `The arguments of ${spec.name} (DataBrokerGroup.${spec.field}).`,
      // Built by the same code as the arguments; here they are input fields.
      fields: (t) => argFields(t, plans) as Record<string, ReturnType<InputBuilder['string']>>,
    });
  return { operation, input };
});

const GroupListingRequestInput = builder
  .inputRef<Record<string, unknown>>('GroupListingRequest')
  .implement({
    description:
      'Which listing to run, and its arguments: exactly one member (a no-argument listing takes `true`).',
    isOneOf: true,
    fields: (t) =>
      Object.fromEntries(
        requestMembers.map(({ operation, input }) => [
          operation.spec.field,
          input ? t.field({ type: input }) : t.boolean(),
        ]),
      ),
  });

/** The one member a @oneOf request holds. */
function chosen(request: Args): { operation: Operation; args: Args } {
  const members = requestMembers.filter(
    ({ operation }) =>
      request[operation.spec.field] !== undefined && request[operation.spec.field] !== null,
  );
  const [member] = members;
  if (!member || members.length !== 1) throw badInput('request must hold exactly one listing');
  const value = request[member.operation.spec.field];
  if (member.input === null) {
    if (value !== true) throw badInput(`request.${member.operation.spec.field} takes true`);
    return { operation: member.operation, args: {} };
  }
  return { operation: member.operation, args: isRecord(value) ? value : {} };
}

type GroupListingEvent = ListingEvent<ListingItemModel> & { operation: string };

const GroupListingRef = builder.objectRef<GroupListingEvent>('GroupListing').implement({
  description:
    'A group listing as it goes: PENDING, then READY (with items) or FAILED (with error).',
  fields: (t) => ({
    ...listingFields(t),
    operation: t.exposeString('operation', {
      description: 'The upstream operation, e.g. list-cifs-shares.',
    }),
    items: t.field({ type: [ListingItemRef], nullable: true, resolve: (event) => event.items }),
  }),
});

builder.subscriptionFields((t) => ({
  groupListing: t.field({
    type: GroupListingRef,
    complexity: LISTING_COST,
    description:
      'Starts any of the 29 listings on a data broker group and streams it: PENDING, then READY or FAILED.',
    args: {
      accountId: t.arg.id({ required: true }),
      groupId: t.arg.id({ required: true }),
      request: t.arg({ type: GroupListingRequestInput, required: true }),
      timeoutSeconds: t.arg.int({ defaultValue: DEFAULT_TIMEOUT_SECONDS }),
    },
    subscribe: (_root, args, ctx) => {
      const { operation, args: request } = chosen(args.request);
      const scope = {
        accountId: checkId('accountId', args.accountId),
        groupId: checkId('groupId', args.groupId),
      };
      const { params, credentials } = upstreamInputs(operation.plans, request);
      // A refused listing is a plain error, never a PENDING event followed by one.
      checkGroupListing(scope, operation.spec, params, credentials);
      listingTimeoutMs(ctx, args.timeoutSeconds);
      ctx.listings.assertRoom(ctx.requireCaller());
      const typename = TYPENAME[operation.spec.result];
      return listingStream(ctx, async (signal) =>
        (await listOnGroup(ctx, scope, operation, request, args.timeoutSeconds, signal)).map(
          (item) => ({ ...item, __typename: typename }),
        ),
      );
    },
    // The operation is the request's (an argument), not the stream's.
    resolve: (event, args) => ({ ...event, operation: chosen(args.request).operation.spec.name }),
  }),
}));
