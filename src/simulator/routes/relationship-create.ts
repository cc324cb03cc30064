import type { Reply } from '../http';
import { emptyReply, fail, jsonReply } from '../http';
import { hashString, hexString, seededRandom } from '../random';
import { endpointWithoutCredentials } from '../reports';
import type { Route, RouteContext } from '../router';
import { route } from '../router';
import { checkAccount, isRecord, requireAccount, requireSession } from './guards';

/**
 * Creating relationships, their credentials, reports and known hosts (design §6). Validation
 * answers 400 in the simulator's Fastify style; required credentials are accepted inside the
 * endpoint or in `sourceCredentials`/`targetCredentials` [assumed].
 */

type Json = Record<string, unknown>;

const PROVIDERS: Record<string, string[]> = {
  nfs: ['nfs', 'anf', 'cvs', 'cvo', 'onprem', 'fsx', 'efs'],
  cifs: ['cifs', 'anf', 'cvs', 'cvo', 'onprem', 'fsx'],
  s3: ['s3', 'alibaba', 'sgws', 'ibm', 'ontap'],
  local: [],
  azure: ['azure', 'azure_data_lake'],
  gcp: ['gcp'],
  sftp: ['sftp'],
  box: ['box'],
  gdrive: ['gdrive'],
};

/** SPEC's required properties per protocol sub-object (credentials checked apart). */
const REQUIRED: Record<string, string[]> = {
  nfs: ['host', 'export', 'provider'],
  cifs: ['host', 'share', 'provider'],
  s3: ['bucket', 'provider'],
  local: ['path'],
  azure: ['container', 'provider'],
  gcp: ['bucket', 'provider'],
  sftp: ['host', 'port', 'rootDirectory', 'provider'],
  box: ['folderId', 'provider', 'clientId', 'enterpriseId'],
  gdrive: ['driveId', 'provider', 'subject'],
};

/** The credential fields each protocol needs (s3 only for providers other than AWS). */
const CREDENTIALS: Record<string, string[]> = {
  cifs: ['username', 'password'],
  s3: ['accessKey', 'secretKey'],
  sftp: ['username', 'password'],
  box: ['clientSecret', 'publicKeyId', 'privateKey', 'passphrase'],
  gdrive: ['clientEmail', 'privateKey'],
};

function checkEndpoint(body: Json, side: 'source' | 'target'): Json {
  const endpoint = body[side];
  if (!isRecord(endpoint)) fail(400, `body/${side} must be object`);
  const protocol = endpoint.protocol;
  if (typeof protocol !== 'string')
    fail(400, `body/${side} must have required property 'protocol'`);
  const providers = PROVIDERS[protocol];
  if (!providers) fail(400, `body/${side}/protocol must be equal to one of the allowed values`);
  const sub = endpoint[protocol];
  if (!isRecord(sub)) fail(400, `body/${side} must have required property '${protocol}'`);
  for (const name of REQUIRED[protocol] ?? []) {
    if (sub[name] === undefined || sub[name] === null || sub[name] === '') {
      fail(400, `body/${side}/${protocol} must have required property '${name}'`);
    }
  }
  if (providers.length > 0 && !providers.includes(String(sub.provider))) {
    fail(400, `body/${side}/${protocol}/provider must be equal to one of the allowed values`);
  }
  if (sub.port !== undefined && (typeof sub.port !== 'number' || !Number.isInteger(sub.port))) {
    fail(400, `body/${side}/${protocol}/port must be integer`);
  }
  const needed = protocol === 's3' && sub.provider === 's3' ? [] : (CREDENTIALS[protocol] ?? []);
  if (needed.length > 0) {
    const inside = isRecord(sub.credentials) ? sub.credentials : {};
    const topName = side === 'source' ? 'sourceCredentials' : 'targetCredentials';
    const top = isRecord(body[topName]) ? (body[topName] as Json) : {};
    const outside = isRecord(top[protocol]) ? (top[protocol] as Json) : {};
    for (const name of needed) {
      const value = inside[name] ?? outside[name];
      if (typeof value !== 'string' || value === '') {
        fail(400, `body/${side}/${protocol}/credentials must have required property '${name}'`);
      }
    }
  }
  return endpoint;
}

function cifsCredentialsOf(body: Json, side: 'source' | 'target', endpoint: Json) {
  if (endpoint.protocol !== 'cifs') return undefined;
  const sub = endpoint.cifs as Json;
  const top = isRecord(body[`${side}Credentials`]) ? (body[`${side}Credentials`] as Json) : {};
  const creds = (isRecord(sub.credentials) ? sub.credentials : top.cifs) as Json | undefined;
  return creds && typeof creds.username === 'string' && typeof creds.password === 'string'
    ? { username: creds.username, password: creds.password }
    : undefined;
}

function checkTags(value: unknown): { key: string; value: string }[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(400, 'body/tags must be array');
  return value.map((tag: unknown, index: number) => {
    if (!isRecord(tag) || typeof tag.key !== 'string' || typeof tag.value !== 'string')
      fail(400, `body/tags/${index} must have string properties 'key' and 'value'`);
    return { key: tag.key, value: tag.value };
  });
}

/** POST /api/relationships-v2 (H): 202 with the Relationship; its Initial Copy starts at once. */
function createRelationship(ctx: RouteContext): Reply {
  const accountId = requireAccount(ctx, requireSession(ctx));
  const body = ctx.body;
  if (!isRecord(body)) fail(400, 'body must be object');
  for (const name of ['source', 'target']) {
    if (body[name] === undefined) fail(400, `body must have required property '${name}'`);
  }
  const { store } = ctx.services;
  let groupId: string;
  let dataBrokerId: string | undefined;
  if (typeof body.groupId === 'string') {
    const group = store.findGroup(accountId, body.groupId);
    if (!group) fail(404, 'Group not found');
    groupId = group.id;
    dataBrokerId = store.groupAgent(group.id)?.id;
    if (!dataBrokerId) fail(400, 'The group has no data brokers');
  } else if (typeof body.dataBrokerId === 'string') {
    const broker = store.findBroker(accountId, body.dataBrokerId);
    if (!broker) fail(404, 'Data broker not found');
    groupId = broker.groupId;
    dataBrokerId = broker.id;
  } else {
    fail(400, "body must have required property 'groupId'");
  }
  const source = checkEndpoint(body, 'source');
  const target = checkEndpoint(body, 'target');
  if (body.settings !== undefined && !isRecord(body.settings))
    fail(400, 'body/settings must be object');
  const tags = checkTags(body.tags);
  const created = ctx.services.relationships.create(accountId, {
    groupId,
    dataBrokerId,
    source: endpointWithoutCredentials(source),
    target: endpointWithoutCredentials(target),
    settings: body.settings as Json | undefined,
    tags,
    cifsCredentials:
      cifsCredentialsOf(body, 'source', source) ?? cifsCredentialsOf(body, 'target', target),
  });
  return jsonReply(202, created);
}

const CREDENTIAL_PROTOCOLS = ['sftp', 'cifs', 's3', 'azure', 'box', 'gdrive'];

function pathAccount(ctx: RouteContext, params: Record<string, string>): string {
  const accountId = params.accountId ?? '';
  checkAccount(ctx, requireSession(ctx), accountId);
  return accountId;
}

/** PUT /api/accounts/:accountId/relationships/:id/credentials {source?, target?}: 202. */
function updateCredentials(ctx: RouteContext, params: Record<string, string>): Reply {
  const accountId = pathAccount(ctx, params);
  const body = ctx.body;
  if (!isRecord(body)) fail(400, 'body must be object');
  let cifs: { username: string; password: string } | undefined;
  for (const side of ['source', 'target']) {
    const value = body[side];
    if (value === undefined) continue;
    if (!isRecord(value)) fail(400, `body/${side} must be object`);
    for (const [protocol, creds] of Object.entries(value)) {
      if (!CREDENTIAL_PROTOCOLS.includes(protocol))
        fail(400, `body/${side} must NOT have additional properties`);
      if (!isRecord(creds)) fail(400, `body/${side}/${protocol} must be object`);
      if (
        protocol === 'cifs' &&
        typeof creds.username === 'string' &&
        typeof creds.password === 'string'
      )
        cifs = { username: creds.username, password: creds.password };
    }
  }
  if (!ctx.services.relationships.setCredentials(accountId, params.id ?? '', cifs))
    fail(404, 'Relationship not found');
  return emptyReply(202);
}

/** POST /api/accounts/:accountId/reports {endpoint}: 202 with the report, RUNNING. */
function createReport(ctx: RouteContext, params: Record<string, string>): Reply {
  const accountId = pathAccount(ctx, params);
  const body = ctx.body;
  if (!isRecord(body)) fail(400, 'body must be object');
  if (body.endpoint === undefined) fail(400, "body must have required property 'endpoint'");
  const endpoint = checkEndpoint({ source: body.endpoint }, 'source');
  return jsonReply(202, ctx.services.reports.create(accountId, endpoint));
}

function listReports(ctx: RouteContext, params: Record<string, string>): Reply {
  return jsonReply(200, ctx.services.reports.list(pathAccount(ctx, params)));
}

function getReport(ctx: RouteContext, params: Record<string, string>): Reply {
  const found = ctx.services.reports.get(pathAccount(ctx, params), params.id ?? '');
  if (!found) fail(404, 'Report not found');
  return jsonReply(200, found);
}

/** DELETE /api/accounts/:accountId/reports?reports=<id>…: 200, all or nothing [assumed]. */
function deleteReports(ctx: RouteContext, params: Record<string, string>): Reply {
  const accountId = pathAccount(ctx, params);
  const ids = [
    ...new Set(
      new URLSearchParams(ctx.search)
        .getAll('reports')
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    ),
  ];
  if (ids.length === 0) fail(400, "querystring must have required property 'reports'");
  const unknown = ctx.services.reports.deleteMany(accountId, ids);
  if (unknown.length > 0) fail(404, `Report not found: ${unknown.join(',')}`);
  return emptyReply(200);
}

function reportEndpoints(ctx: RouteContext, params: Record<string, string>): Reply {
  const accountId = pathAccount(ctx, params);
  const { reports, relationships } = ctx.services;
  return jsonReply(200, reports.endpoints(accountId, relationships.list(accountId)));
}

const STORAGE_PROVIDERS = [
  'nfs',
  'sftp',
  'cifs',
  'azure',
  'azure_data_lake',
  's3',
  'gcp',
  'box',
  'sgws',
  'ibm',
  'efs',
  'cvs',
  'anf',
  'ontap',
  'cvo',
  'onprem',
  'gdrive',
];

/** GET /api/storages/:protocol?provider= (H): the hosts the account's relationships use. */
function storages(ctx: RouteContext, params: Record<string, string>): Reply {
  const accountId = requireAccount(ctx, requireSession(ctx));
  const protocol = params.protocol ?? '';
  if (!(protocol in PROVIDERS))
    fail(400, 'params/protocol must be equal to one of the allowed values');
  const provider = ctx.query.provider;
  if (provider !== undefined && !STORAGE_PROVIDERS.includes(provider))
    fail(400, 'querystring/provider must be equal to one of the allowed values');
  const hosts = new Map<string, number>();
  for (const rel of ctx.services.relationships.list(accountId)) {
    for (const endpoint of [rel.source, rel.target]) {
      if (!isRecord(endpoint) || endpoint.protocol !== protocol) continue;
      const sub = endpoint[protocol];
      if (!isRecord(sub)) continue;
      if (provider !== undefined && (sub.provider ?? protocol) !== provider) continue;
      const host = sub.host ?? sub.storageAccountName ?? sub.bucket ?? sub.driveId;
      if (typeof host !== 'string' || host === '') continue;
      const seen = typeof rel.createdAt === 'number' ? rel.createdAt : 0;
      hosts.set(host, Math.max(hosts.get(host) ?? 0, seen));
    }
  }
  return jsonReply(
    200,
    [...hosts.entries()].map(([host, lastSeen]) => ({
      id: hexString(seededRandom(hashString(`storage:${accountId}:${protocol}:${host}`)), 24),
      host,
      lastSeen,
    })),
  );
}

export const RELATIONSHIP_CREATE_ROUTES: readonly Route[] = [
  route('POST', '/api/relationships-v2', createRelationship),
  route('PUT', '/api/accounts/:accountId/relationships/:id/credentials', updateCredentials),
  route('POST', '/api/accounts/:accountId/reports', createReport),
  route('GET', '/api/accounts/:accountId/reports', listReports),
  route('DELETE', '/api/accounts/:accountId/reports', deleteReports),
  route('GET', '/api/accounts/:accountId/reports/end-points', reportEndpoints),
  route('GET', '/api/accounts/:accountId/reports/:id', getReport),
  route('GET', '/api/storages/:protocol', storages),
];
