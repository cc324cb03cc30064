/**
 * Data-discovery reports [assumed lifecycle, design §6 "Reports"]: POST answers RUNNING with zero
 * totals; every tick the totals grow; after `steps` ticks the report is DONE with distributions
 * (the bucket labels of SOS1), or FAILED with a reason after failNextReport. Timers go through the
 * TimerSet, so reset() and stop() end every report.
 */
import { hashString, objectId, seededRandom } from './random';
import type { TimerSet } from './timers';

type Json = Record<string, unknown>;

export interface ReportKnobs {
  /** Between two ticks of a RUNNING report (default 200). */
  tickMs: number;
  /** Ticks before DONE (default 4). */
  steps: number;
}

export const DEFAULT_REPORT_KNOBS: ReportKnobs = { tickMs: 200, steps: 4 };

interface SimReport {
  id: string;
  accountId: string;
  endpoint: Json;
  status: 'RUNNING' | 'DONE' | 'FAILED';
  startTime: number;
  endTime: number | null;
  reason: string | null;
  step: number;
  final: { directories: number; files: number; objects: number; size: number; failed: number };
  totals: Json;
  distributions: Json | null;
  errors: { errorCode: string; counter: number; description: string }[];
  failure: string | null;
  timer: NodeJS.Timeout | undefined;
}

const MODIFIED = ['0hr-1hr', '1hr-1d', '1d-1w', '1w-1m', '1m-6m', '6m-1y', '1y+'];
const SIZES = ['0mb-1mb', '1mb-10mb', '10mb-100mb', '100mb-1gb', '1gb-1tb', '1tb+'];

/** The endpoint without credentials, as every answer shows it. */
export function endpointWithoutCredentials(endpoint: Json): Json {
  const copy = structuredClone(endpoint);
  for (const value of Object.values(copy)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      delete (value as Json).credentials;
    }
  }
  return copy;
}

/** What makes two endpoints "the same storage" for reports/end-points [assumed]. */
export function endpointKey(endpoint: Json): string {
  const protocol = typeof endpoint.protocol === 'string' ? endpoint.protocol : '';
  const sub = (endpoint[protocol] ?? {}) as Json;
  return JSON.stringify([
    protocol,
    sub.provider ?? protocol,
    sub.host ?? sub.storageAccountName ?? sub.driveId ?? sub.clientId ?? null,
    sub.export ?? sub.share ?? sub.bucket ?? sub.container ?? sub.rootDirectory ?? null,
    sub.path ?? sub.prefix ?? sub.folderId ?? null,
  ]);
}

export class ReportEngine {
  readonly knobs: ReportKnobs = { ...DEFAULT_REPORT_KNOBS };
  private items = new Map<string, SimReport>();
  private failNext: string | null = null;

  constructor(
    private readonly timers: TimerSet,
    private readonly now: () => number = Date.now,
  ) {}

  reset(): void {
    for (const report of this.items.values()) if (report.timer) this.timers.clear(report.timer);
    this.items = new Map();
    this.failNext = null;
    Object.assign(this.knobs, DEFAULT_REPORT_KNOBS);
  }

  /** The next report created ends FAILED with this reason. */
  failNextReport(reason = 'The data broker could not reach the endpoint'): void {
    this.failNext = reason;
  }

  setKnobs(knobs: Partial<ReportKnobs>): void {
    Object.assign(this.knobs, knobs);
  }

  create(accountId: string, endpoint: Json): Json {
    const startTime = this.now();
    const random = seededRandom(hashString(`report:${accountId}:${this.items.size}:${startTime}`));
    const id = objectId(random, Math.floor(startTime / 1000));
    const files = 1_000 + Math.floor(random() * 90_000);
    const report: SimReport = {
      id,
      accountId,
      endpoint: endpointWithoutCredentials(endpoint),
      status: 'RUNNING',
      startTime,
      endTime: null,
      reason: null,
      step: 0,
      final: {
        directories: Math.max(1, Math.round(files / 40)),
        files,
        objects: 0,
        size: files * (100_000 + Math.floor(random() * 4_000_000)),
        failed: 0,
      },
      totals: {
        directories: 0,
        files: 0,
        others: 0,
        objects: 0,
        emptyObjects: 0,
        size: 0,
        failed: 0,
      },
      distributions: null,
      errors: [],
      failure: this.failNext,
      timer: undefined,
    };
    this.failNext = null;
    this.items.set(id, report);
    this.schedule(report);
    return this.wire(report);
  }

  private schedule(report: SimReport): void {
    report.timer = this.timers.set(() => {
      report.timer = undefined;
      if (this.items.get(report.id) !== report) return;
      this.tick(report);
      if (report.status === 'RUNNING') this.schedule(report);
    }, this.knobs.tickMs);
  }

  private tick(report: SimReport): void {
    report.step += 1;
    const steps = Math.max(1, this.knobs.steps);
    const part = Math.min(1, report.step / steps);
    const f = report.final;
    report.totals = {
      directories: Math.round(f.directories * part),
      files: Math.round(f.files * part),
      others: 0,
      objects: 0,
      emptyObjects: 0,
      size: Math.round(f.size * part),
      failed: 0,
    };
    if (report.step < steps) return;
    report.endTime = this.now();
    if (report.failure) {
      report.status = 'FAILED';
      report.reason = report.failure;
      report.errors = [{ errorCode: 'EACCES', counter: 1, description: report.failure }];
      return;
    }
    report.status = 'DONE';
    const spread = (labels: string[], total: number) => {
      const weights = labels.map((_, i) => labels.length - Math.abs(i - 2));
      const sum = weights.reduce((a, b) => a + b, 0);
      return Object.fromEntries(
        labels.map((label, i) => [label, Math.round((total * (weights[i] ?? 0)) / sum)]),
      );
    };
    report.distributions = {
      modifiedTime: spread(MODIFIED, f.files),
      size: spread(SIZES, f.files),
      storageClass: { STANDARD: f.files },
    };
  }

  private wire(report: SimReport): Json {
    return {
      id: report.id,
      endpoint: structuredClone(report.endpoint),
      status: report.status,
      startTime: new Date(report.startTime).toISOString(),
      ...(report.endTime !== null ? { endTime: new Date(report.endTime).toISOString() } : {}),
      duration: (report.endTime ?? this.now()) - report.startTime,
      ...(report.reason ? { reason: report.reason } : {}),
      statistics: {
        errors: report.errors.map((e) => ({ ...e })),
        totals: { ...report.totals },
        ...(report.distributions ? { distributions: structuredClone(report.distributions) } : {}),
      },
    };
  }

  list(accountId: string): Json[] {
    return [...this.items.values()]
      .filter((r) => r.accountId === accountId)
      .map((r) => this.wire(r));
  }

  get(accountId: string, id: string): Json | undefined {
    const report = this.items.get(id);
    return report && report.accountId === accountId ? this.wire(report) : undefined;
  }

  /** All or nothing: any unknown id deletes none [assumed]; the unknown ids. */
  deleteMany(accountId: string, ids: string[]): string[] {
    const unknown = ids.filter((id) => this.items.get(id)?.accountId !== accountId);
    if (unknown.length > 0) return unknown;
    for (const id of ids) {
      const report = this.items.get(id);
      if (report?.timer) this.timers.clear(report.timer);
      this.items.delete(id);
    }
    return [];
  }

  /** Reports grouped by endpoint, with the relationships (given as wire bodies) that use it. */
  endpoints(accountId: string, relationships: Json[]): Json[] {
    const groups = new Map<string, { endpoint: Json; reports: SimReport[] }>();
    for (const report of this.items.values()) {
      if (report.accountId !== accountId) continue;
      const key = endpointKey(report.endpoint);
      const group = groups.get(key) ?? { endpoint: report.endpoint, reports: [] };
      group.reports.push(report);
      groups.set(key, group);
    }
    return [...groups.entries()].map(([key, group]) => ({
      createdAt: new Date(Math.min(...group.reports.map((r) => r.startTime))).toISOString(),
      endpoint: structuredClone(group.endpoint),
      reports: group.reports.map((r) => {
        const { endpoint: _endpoint, ...rest } = this.wire(r);
        return rest;
      }),
      relationshipIds: relationships
        .filter(
          (rel) =>
            endpointKey((rel.source ?? {}) as Json) === key ||
            endpointKey((rel.target ?? {}) as Json) === key,
        )
        .map((rel) => rel.id),
    }));
  }
}
