import type { UpstreamReport } from '../cloudsync/reports';
import type { Caller } from '../cloudsync/types';
import type { PollerClock } from './clock';
import type { PollerMetrics, PollerSettings, PollKind } from './poller';
import { SnapshotPollers } from './poller';

/**
 * Report progress on the relationship pollers' machinery (design §3): one shared poller per (token
 * hash, account, report), events on change only, the same intervals, faults and caps; a report ends
 * at DONE or FAILED.
 */

export interface ReportSource {
  getReport(
    caller: Caller,
    accountId: string,
    id: string,
    options: { signal?: AbortSignal },
  ): Promise<UpstreamReport>;
}

export interface ReportProgressEvent {
  report: UpstreamReport;
  /** The report ended (DONE or FAILED): the stream completes after this event. */
  final: boolean;
  observedAt: Date;
}

/** What decides "changed": status, totals, errors, distributions and times. */
const reportDigest = (report: UpstreamReport): string =>
  JSON.stringify([
    report.status,
    report.statusRaw,
    report.totals,
    report.errors,
    report.distributions,
    report.endTime,
    report.durationMs,
    report.reason,
  ]);

export function reportKind(source: ReportSource): PollKind<UpstreamReport, ReportProgressEvent> {
  return {
    fetch: (caller, accountId, id, options) => source.getReport(caller, accountId, id, options),
    status: (report) => report.status,
    startTime: (report) => report.startTime,
    continuous: () => false,
    digest: reportDigest,
    event: (report, final, observedAt) => ({ report, final, observedAt }),
    notFoundMessage: 'The report was not found (deleted?)',
    plural: 'reports',
  };
}

/** Every report poller of the process, keyed by (token hash, account, report). */
export class ReportPollers extends SnapshotPollers<UpstreamReport, ReportProgressEvent> {
  constructor(
    source: ReportSource,
    options: {
      settings?: Partial<PollerSettings>;
      clock?: PollerClock;
      metrics?: PollerMetrics;
    } = {},
  ) {
    super(reportKind(source), options);
  }
}
