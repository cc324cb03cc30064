import type { UpstreamConfig } from '../config';
import type { MappedEndpoint } from './endpoint-input';
import { revealBody, secretsOf } from './endpoint-input';
import type { UpstreamHttp, UpstreamRequest } from './http';
import { checkId } from './inputs';
import type { Json } from './parse';
import { date, isObject, list, malformed, num, text } from './parse';
import { parseEndpoint } from './parse-relationships';
import type { EndpointProtocol, RelationshipEndpoint } from './relationship-types';
import { UpstreamRejectedError } from './relationships-client';
import { redactSecrets } from './secret-value';
import type { Caller } from './types';

/**
 * Data-discovery reports (design §3) and the hosts known from relationships: the upstream calls and
 * their lenient parsers. A report's endpoint is read by the relationship endpoint parser, so no
 * credential an upstream body carries survives.
 */

export type ReportStatus = 'RUNNING' | 'DONE' | 'FAILED' | 'UNKNOWN';

export interface ReportTotals {
  directories: number | null;
  files: number | null;
  others: number | null;
  objects: number | null;
  emptyObjects: number | null;
  size: number | null;
  failed: number | null;
}

export interface ReportBucket {
  label: string;
  count: number;
}

export interface UpstreamReport {
  id: string;
  endpoint: RelationshipEndpoint;
  status: ReportStatus;
  statusRaw: string;
  startTime: Date | null;
  endTime: Date | null;
  durationMs: number | null;
  reason: string | null;
  totals: ReportTotals | null;
  errors: { errorCode: string; count: number; description: string | null }[];
  distributions: {
    modifiedTime: ReportBucket[];
    size: ReportBucket[];
    storageClass: ReportBucket[];
  } | null;
}

export interface ReportEndpointGroup {
  reportIds: string[];
  relationshipIds: string[];
}

export interface KnownHost {
  id: string;
  host: string;
  lastSeen: Date | null;
}

const STATUSES: Record<string, ReportStatus> = {
  RUNNING: 'RUNNING',
  DONE: 'DONE',
  FAILED: 'FAILED',
};

function buckets(value: unknown): ReportBucket[] {
  if (Array.isArray(value)) {
    return value.flatMap((item: unknown) => {
      if (!isObject(item)) return [];
      const label = text(item.label ?? item.name ?? item.key);
      const count = num(item.count ?? item.value);
      return label === null || count === null ? [] : [{ label, count }];
    });
  }
  if (isObject(value)) {
    return Object.entries(value).flatMap(([label, count]) => {
      const n = num(count);
      return n === null ? [] : [{ label, count: n }];
    });
  }
  return [];
}

function report(value: Json): UpstreamReport | null {
  const id = text(value.id);
  if (!id) return null;
  const statusRaw = text(value.status) ?? '';
  const statistics = isObject(value.statistics) ? value.statistics : {};
  const totals = isObject(statistics.totals) ? statistics.totals : null;
  const dist = isObject(statistics.distributions)
    ? statistics.distributions
    : isObject(value.distributions)
      ? value.distributions
      : null;
  const reason = text(value.reason);
  return {
    id,
    endpoint: parseEndpoint(value.endpoint),
    status: STATUSES[statusRaw.toUpperCase()] ?? 'UNKNOWN',
    statusRaw,
    startTime: date(value.startTime),
    endTime: date(value.endTime),
    durationMs: num(value.duration),
    reason: reason === '' ? null : reason,
    totals: totals
      ? {
          directories: num(totals.directories),
          files: num(totals.files),
          others: num(totals.others),
          objects: num(totals.objects),
          emptyObjects: num(totals.emptyObjects),
          size: num(totals.size),
          failed: num(totals.failed),
        }
      : null,
    errors: (Array.isArray(statistics.errors) ? statistics.errors : []).flatMap((e: unknown) => {
      if (!isObject(e)) return [];
      const errorCode = text(e.errorCode);
      if (!errorCode) return [];
      const description = text(e.description);
      return [{ errorCode, count: num(e.counter ?? e.count) ?? 0, description }];
    }),
    distributions: dist
      ? {
          modifiedTime: buckets(dist.modifiedTime),
          size: buckets(dist.size),
          storageClass: buckets(dist.storageClass),
        }
      : null,
  };
}

export const parseReports = (body: unknown): UpstreamReport[] => list(body, 'report list', report);

export function parseReport(body: unknown): UpstreamReport {
  const parsed = isObject(body) ? report(body) : null;
  if (!parsed) throw malformed('report');
  return parsed;
}

export const parseReportEndpoints = (body: unknown): ReportEndpointGroup[] =>
  list(body, 'report end-points', (value) => {
    const reportIds = (Array.isArray(value.reports) ? value.reports : []).flatMap((r: unknown) => {
      const id = isObject(r) ? text(r.id) : text(r);
      return id ? [id] : [];
    });
    const relationshipIds = (Array.isArray(value.relationshipIds) ? value.relationshipIds : [])
      .map((id: unknown) => text(id))
      .filter((id): id is string => id !== null && id !== '');
    return { reportIds, relationshipIds };
  });

export const parseKnownHosts = (body: unknown): KnownHost[] =>
  list(body, 'storages', (value) => {
    const host = text(value.host);
    if (!host) return null;
    return { id: text(value.id) ?? host, host, lastSeen: date(value.lastSeen) };
  });

export interface CallOptions {
  signal?: AbortSignal;
}

/** The upstream protocol of GET /api/storages/{protocol}, per endpoint protocol (SPEC enums). */
export const STORAGE_PROTOCOL: Record<Exclude<EndpointProtocol, 'UNKNOWN'>, string> = {
  NFS: 'nfs',
  CIFS: 'cifs',
  S3: 's3',
  LOCAL: 'local',
  AZURE: 'azure',
  GCP: 'gcp',
  SFTP: 'sftp',
  BOX: 'box',
  GDRIVE: 'gdrive',
};
const STORAGE_PROTOCOLS = new Set(Object.values(STORAGE_PROTOCOL));

/** The providers GET /api/storages/{protocol}?provider= accepts (SPEC enum). */
export const STORAGE_PROVIDERS: ReadonlySet<string> = new Set([
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
]);

/** Reports and known hosts. No write is retried; a 400 on a write is an UpstreamRejectedError. */
export class ReportsClient {
  readonly #http: UpstreamHttp;
  readonly #api: string;

  constructor(http: UpstreamHttp, upstream: Pick<UpstreamConfig, 'apiUrl'>) {
    this.#http = http;
    this.#api = upstream.apiUrl;
  }

  #send(request: Omit<UpstreamRequest, 'origin'>, options: CallOptions) {
    return this.#http.send({
      ...request,
      origin: this.#api,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /** POST /api/accounts/{a}/reports {endpoint}: 202 with the report (RUNNING). */
  async createReport(
    caller: Caller,
    accountId: string,
    endpoint: MappedEndpoint,
    options: CallOptions = {},
  ): Promise<UpstreamReport> {
    const account = checkId('accountId', accountId);
    const body = { endpoint: endpoint.endpoint };
    const secrets = secretsOf(body);
    try {
      const { body: answer } = await this.#send(
        {
          method: 'POST',
          path: `/api/accounts/${account}/reports`,
          endpoint: 'report-create',
          caller,
          body: revealBody(body),
        },
        options,
      );
      return parseReport(answer);
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'BAD_USER_INPUT') {
        throw new UpstreamRejectedError('REJECTED', redactSecrets(error.message, secrets));
      }
      throw error;
    }
  }

  /** GET /api/accounts/{a}/reports */
  async listReports(
    caller: Caller,
    accountId: string,
    options: CallOptions = {},
  ): Promise<UpstreamReport[]> {
    const account = checkId('accountId', accountId);
    const { body } = await this.#send(
      { method: 'GET', path: `/api/accounts/${account}/reports`, endpoint: 'reports', caller },
      options,
    );
    return parseReports(body);
  }

  /** GET /api/accounts/{a}/reports/{id}; a 404 is GatewayError NOT_FOUND. */
  async getReport(
    caller: Caller,
    accountId: string,
    id: string,
    options: CallOptions = {},
  ): Promise<UpstreamReport> {
    const account = checkId('accountId', accountId);
    const { body } = await this.#send(
      {
        method: 'GET',
        path: `/api/accounts/${account}/reports/${checkId('id', id)}`,
        endpoint: 'report',
        caller,
      },
      options,
    );
    return parseReport(body);
  }

  /** One DELETE /api/accounts/{a}/reports?reports=<id>&reports=<id>… (200). */
  async deleteReports(
    caller: Caller,
    accountId: string,
    ids: readonly string[],
    options: CallOptions = {},
  ): Promise<void> {
    const account = checkId('accountId', accountId);
    if (ids.length === 0) return;
    const query = new URLSearchParams();
    for (const id of ids) query.append('reports', checkId('id', id));
    try {
      await this.#send(
        {
          method: 'DELETE',
          path: `/api/accounts/${account}/reports?${query.toString()}`,
          endpoint: 'reports-delete',
          caller,
        },
        options,
      );
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'BAD_USER_INPUT') {
        throw new UpstreamRejectedError('REJECTED', error.message);
      }
      throw error;
    }
  }

  /** GET /api/accounts/{a}/reports/end-points: which relationships use each reported endpoint. */
  async reportEndpoints(
    caller: Caller,
    accountId: string,
    options: CallOptions = {},
  ): Promise<ReportEndpointGroup[]> {
    const account = checkId('accountId', accountId);
    const { body } = await this.#send(
      {
        method: 'GET',
        path: `/api/accounts/${account}/reports/end-points`,
        endpoint: 'report-endpoints',
        caller,
      },
      options,
    );
    return parseReportEndpoints(body);
  }

  /** GET /api/storages/{protocol}?provider= (H): hosts used by the account's relationships. */
  async knownHosts(
    caller: Caller,
    accountId: string,
    protocol: string,
    provider: string | null,
    options: CallOptions = {},
  ): Promise<KnownHost[]> {
    if (!STORAGE_PROTOCOLS.has(protocol)) throw new Error(`unknown storage protocol ${protocol}`);
    const query = provider ? `?${new URLSearchParams({ provider }).toString()}` : '';
    const { body } = await this.#send(
      {
        method: 'GET',
        path: `/api/storages/${protocol}${query}`,
        endpoint: 'storages',
        caller,
        accountId: checkId('accountId', accountId),
      },
      options,
    );
    return parseKnownHosts(body);
  }
}
