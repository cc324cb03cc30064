import type {
  EndpointProtocol,
  RelationshipStatus,
  RelationshipTag,
  UpstreamRelationship,
} from '../cloudsync/relationship-types';
import { badInput } from '../errors';

/**
 * `Account.relationships` computed in the gateway (design §1.4): the upstream returns every
 * relationship at once, so filter, sort and page happen here. Cursors carry the sort key and the id
 * (never an offset), so a page boundary survives a relationship being created or deleted between
 * two pages.
 */

export const STATUSES: readonly RelationshipStatus[] = [
  'PENDING',
  'RUNNING',
  'DONE',
  'FAILED',
  'ABORTED',
  'UNKNOWN',
];

export const ORDER_FIELDS = [
  'NAME',
  'CREATED_AT',
  'STATUS',
  'PROGRESS',
  'LAST_RUN_END',
  'BYTES_COPIED',
] as const;
export type OrderField = (typeof ORDER_FIELDS)[number];
export type Direction = 'ASC' | 'DESC';

export interface RelationshipOrder {
  field: OrderField;
  direction: Direction;
}

export interface RelationshipFilter {
  status?: readonly RelationshipStatus[] | null;
  sourceProtocol?: readonly EndpointProtocol[] | null;
  targetProtocol?: readonly EndpointProtocol[] | null;
  groupId?: readonly string[] | null;
  search?: string | null;
  tags?: readonly RelationshipTag[] | null;
  hasErrors?: boolean | null;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_ORDER: readonly RelationshipOrder[] = [{ field: 'NAME', direction: 'ASC' }];

export const displayName = (rel: UpstreamRelationship): string =>
  rel.name ?? `${rel.source.label} → ${rel.target.label}`;

type Key = string | number | null;

function sortKey(rel: UpstreamRelationship, field: OrderField): Key {
  switch (field) {
    case 'NAME':
      return displayName(rel).toLowerCase();
    case 'CREATED_AT':
      return rel.createdAt?.getTime() ?? null;
    case 'STATUS':
      return STATUSES.indexOf(rel.activity.status);
    case 'PROGRESS':
      return rel.activity.progress;
    case 'LAST_RUN_END':
      return rel.activity.endTime?.getTime() ?? null;
    case 'BYTES_COPIED':
      return rel.activity.counters.copied.bytes;
  }
}

/** Nulls last whatever the direction. */
function compareKey(a: Key, b: Key, direction: Direction): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const order = a < b ? -1 : a > b ? 1 : 0;
  return direction === 'DESC' ? -order : order;
}

interface Position {
  keys: Key[];
  id: string;
}

function compare(a: Position, b: Position, order: readonly RelationshipOrder[]): number {
  for (let i = 0; i < order.length; i++) {
    const by = compareKey(a.keys[i] ?? null, b.keys[i] ?? null, order[i]?.direction ?? 'ASC');
    if (by !== 0) return by;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const signature = (order: readonly RelationshipOrder[]) =>
  order.map((o) => `${o.field}:${o.direction}`).join(',');

export function encodeCursor(position: Position, order: readonly RelationshipOrder[]): string {
  return Buffer.from(JSON.stringify([signature(order), position.keys, position.id])).toString(
    'base64url',
  );
}

const isKey = (value: unknown): value is Key =>
  value === null ||
  typeof value === 'string' ||
  (typeof value === 'number' && Number.isFinite(value));

export function decodeCursor(
  name: string,
  cursor: string,
  order: readonly RelationshipOrder[],
): Position {
  let parsed: unknown;
  try {
    if (cursor.length > 4096 || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput(`${name} is not a cursor`);
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    typeof parsed[2] !== 'string' ||
    !Array.isArray(parsed[1]) ||
    !(parsed[1] as unknown[]).every(isKey)
  ) {
    throw badInput(`${name} is not a cursor`);
  }
  if (parsed[0] !== signature(order) || parsed[1].length !== order.length) {
    throw badInput(`${name} is a cursor of another orderBy; page again from the start`);
  }
  return { keys: parsed[1] as Key[], id: parsed[2] };
}

function hasErrors(rel: UpstreamRelationship): boolean {
  const a = rel.activity;
  return (
    a.failureMessage !== null ||
    a.topErrors.length > 0 ||
    a.brokerErrors.length > 0 ||
    (a.counters.failed.files ?? 0) > 0
  );
}

function searchable(rel: UpstreamRelationship): string[] {
  const out: string[] = [displayName(rel)];
  for (const endpoint of [rel.source, rel.target]) {
    for (const [key, value] of Object.entries(endpoint)) {
      if (key !== 'kind' && key !== 'raw' && typeof value === 'string') out.push(value);
    }
  }
  return out;
}

/** Whether one relationship passes the filter (every given criterion must hold). */
export function matches(rel: UpstreamRelationship, filter: RelationshipFilter | null | undefined) {
  if (!filter) return true;
  if (filter.status && !filter.status.includes(rel.activity.status)) return false;
  if (filter.sourceProtocol && !filter.sourceProtocol.includes(rel.source.protocol)) return false;
  if (filter.targetProtocol && !filter.targetProtocol.includes(rel.target.protocol)) return false;
  if (filter.groupId && !(rel.groupId !== null && filter.groupId.includes(rel.groupId)))
    return false;
  if (filter.tags?.some((tag) => !rel.tags.some((t) => t.key === tag.key && t.value === tag.value)))
    return false;
  if (filter.hasErrors != null && hasErrors(rel) !== filter.hasErrors) return false;
  const search = filter.search?.trim().toLowerCase();
  if (search && !searchable(rel).some((value) => value.toLowerCase().includes(search)))
    return false;
  return true;
}

export interface Edge {
  cursor: string;
  node: UpstreamRelationship;
}

export interface Connection {
  edges: Edge[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number;
  statusCounts: { status: RelationshipStatus; count: number }[];
}

function pageSize(name: string, value: number | null | undefined): number | null {
  if (value == null) return null;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw badInput(`${name} must be from 0 to ${MAX_PAGE_SIZE}`);
  }
  return value;
}

/** Filters, counts, sorts and pages the account's relationships. */
export function relationshipConnection(
  all: readonly UpstreamRelationship[],
  filter: RelationshipFilter | null | undefined,
  orderBy: readonly RelationshipOrder[] | null | undefined,
  page: PageArgs,
): Connection {
  const order = orderBy && orderBy.length > 0 ? orderBy : DEFAULT_ORDER;
  if (order.length > ORDER_FIELDS.length) throw badInput('orderBy names a field more than once');
  let first = pageSize('first', page.first);
  const last = pageSize('last', page.last);
  if (first === null && last === null) first = DEFAULT_PAGE_SIZE;
  const after = page.after != null ? decodeCursor('after', page.after, order) : null;
  const before = page.before != null ? decodeCursor('before', page.before, order) : null;

  const kept = all.filter((rel) => matches(rel, filter));
  const statusCounts = STATUSES.map((status) => ({
    status,
    count: kept.filter((rel) => rel.activity.status === status).length,
  }));
  const sorted = kept
    .map((rel) => ({
      rel,
      position: { keys: order.map((o) => sortKey(rel, o.field)), id: rel.id },
    }))
    .sort((a, b) => compare(a.position, b.position, order));

  let start = 0;
  let end = sorted.length;
  if (after) {
    const index = sorted.findIndex((item) => compare(item.position, after, order) > 0);
    start = index < 0 ? sorted.length : index;
  }
  if (before) {
    const index = sorted.findIndex((item) => compare(item.position, before, order) >= 0);
    end = Math.max(start, index < 0 ? sorted.length : index);
  }
  if (first !== null && end - start > first) end = start + first;
  if (last !== null && end - start > last) start = end - last;

  const edges = sorted.slice(start, end).map((item) => ({
    cursor: encodeCursor(item.position, order),
    node: item.rel,
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: end < sorted.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: kept.length,
    statusCounts,
  };
}
