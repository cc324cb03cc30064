/**
 * Sync relationships and their runs: the simulator's lifecycle engine. Everything timed goes through the
 * TimerSet, so stop() and reset() end every run.
 */
import type { Seed, SeedAccount, SeedBroker } from './model';
import { hashString, hexString, objectId, seededRandom } from './random';
import type { TimerSet } from './timers';

export type RunStatus = 'PENDING' | 'RUNNING' | 'DONE' | 'FAILED' | 'ABORTED';
export type RunType = 'Initial Copy' | 'Sync';

export interface RunFailure {
  step: string;
  errorCode: string;
  description: string;
}

/** The real failure of the API notes (JB), used when failNextRun names none. */
export const DEFAULT_RUN_FAILURE: RunFailure = {
  step: 'TRANSFER',
  errorCode: 'invalid_credentials',
  description:
    'source connection-string should be SAS Connection-string and not regular connection-string',
};

export const SYNC_RUNNING_MESSAGE =
  'A sync action is running right now, can not run another action';

export interface RelationshipKnobs {
  /** Between two progress ticks of a RUNNING run (default 500). */
  tickMs: number;
  /** Ticks of a run: the first half scans, the rest copies (default 8). */
  steps: number;
  /** PENDING before RUNNING (default 300). */
  startDelayMs: number;
  /** After a sync's 202, the GET keeps showing the previous run this long (default 0). */
  runStartLagMs: number;
  /** RUNNING to ABORTED after an abort (default 0). */
  abortDelayMs: number;
  /** Abort of an idle relationship: 202 no-op (default) or 400. */
  abortWhenIdle: 202 | 400;
  /** GET bodies carry `cifs.credentials {username, password}`, as SPEC's schema allows (default false). */
  echoCifsCredentials: boolean;
}

export const DEFAULT_RELATIONSHIP_KNOBS: RelationshipKnobs = {
  tickMs: 500,
  steps: 8,
  startDelayMs: 300,
  runStartLagMs: 0,
  abortDelayMs: 0,
  abortWhenIdle: 202,
  echoCifsCredentials: false,
};

type Json = Record<string, unknown>;

const COUNTERS = [
  'dirsScanned',
  'filesScanned',
  'bytesScanned',
  'dirsMarkedForCopy',
  'filesMarkedForCopy',
  'bytesMarkedForCopy',
  'dirsCopied',
  'filesCopied',
  'bytesCopied',
  'dirsFailed',
  'filesFailed',
  'bytesFailed',
  'dirsMarkedForRemove',
  'filesMarkedForRemove',
  'bytesMarkedForRemove',
  'dirsRemoved',
  'filesRemoved',
  'bytesRemoved',
  'filesRemovedFailed',
  'bytesRemovedFailed',
  'filesMarkedForIgnore',
  'dirsFailedToScan',
] as const;
type Counter = (typeof COUNTERS)[number];

export interface ActivityWire extends Record<Counter, number> {
  syncType: string;
  type: RunType;
  status: RunStatus;
  progress: number;
  timeEstimation: number;
  startTime: string | null;
  endTime: string | null;
  lastMessageTime: string | null;
  executionTime: number | null;
  failureMessage: string;
  topFiveMostCommonRelationshipErrors: {
    step: string;
    errorCode: string;
    counter: number;
    description: string;
  }[];
  errors: { dataBrokerId: string; reason: string }[];
}

interface Size {
  dirs: number;
  files: number;
  bytes: number;
}

interface Run {
  /** The run requested by sync but not yet shown (runStartLagMs). */
  lagging: boolean;
  step: number;
  steps: number;
  startedAt: number;
  failure: RunFailure | undefined;
  timer: NodeJS.Timeout | undefined;
}

interface SimRelationship {
  id: string;
  accountId: string;
  /** The internal 24-hex account id the wire shows. */
  internalAccount: string;
  groupId: string;
  dataBrokerId: string | undefined;
  createdAt: number;
  source: Json;
  target: Json;
  /** Credentials of CIFS endpoints, never shown unless echoCifsCredentials. */
  cifsCredentials: { username: string; password: string } | undefined;
  settings: Json;
  tags: { key: string; value: string }[];
  activity: ActivityWire;
  size: Size;
  initialCopyDone: boolean;
  run: Run | undefined;
  held: boolean;
  continuous: boolean;
}

/** Fixed on purpose: the seed must not depend on the clock. */
const CREATED_BASE_MS = Date.UTC(2025, 8, 1, 9, 0, 0);
const DAY_MS = 86_400_000;

export function defaultSettings(): Json {
  return {
    gracePeriod: 30,
    deleteOnSource: false,
    deleteOnTarget: false,
    objectTagging: true,
    retries: 3,
    copyAcl: false,
    copyData: true,
    continuousSync: false,
    fileTypes: { files: true, directories: true, symlinks: true, hardlinks: false },
    compareBy: { uid: true, gid: true, mtime: true, mode: true },
    copyProperties: { metadata: true, tags: false },
    files: {
      excludeExtensions: [],
      excludeByRegex: [],
      minSize: 0,
      maxSize: 9007199254740991,
      minDate: '1970-01-01',
      maxDate: null,
      minCreationDate: '1970-01-01',
      maxCreationDate: null,
    },
    directories: { excludeNames: ['.snapshot', '~snapshot', '.copy-offload'], excludeByRegex: [] },
    schedule: {
      syncInDays: 1,
      syncInHours: 0,
      syncInMinutes: 0,
      isEnabled: false,
      nextTime: null,
      syncWhenCreated: true,
    },
    scheduleAbort: { abortInDays: 0, abortInHours: 0, abortInMinutes: 0, isEnabled: false },
    notifications: {
      cm: { done: true, failed: true, aborted: false, running_continuously: false },
    },
  };
}

function emptyActivity(type: RunType, status: RunStatus): ActivityWire {
  const counters = Object.fromEntries(COUNTERS.map((name) => [name, 0])) as Record<Counter, number>;
  return {
    syncType: 'Sync',
    type,
    status,
    progress: 0,
    timeEstimation: 0,
    startTime: null,
    endTime: null,
    lastMessageTime: null,
    executionTime: null,
    failureMessage: '',
    topFiveMostCommonRelationshipErrors: [],
    errors: [],
    ...counters,
  };
}

type Outcome = 'DONE' | 'FAILED' | 'RUNNING' | 'PENDING';

interface Template {
  name: string;
  source: Json;
  target: Json;
  size: Size;
  outcome: Outcome;
  cifs?: boolean;
}

function templates(account: SeedAccount, buckets: string[]): Template[] {
  const slug = account.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const bucket = (i: number) => buckets[i % Math.max(1, buckets.length)] ?? `${slug}-data`;
  const TB = 1024 ** 4;
  const GB = 1024 ** 3;
  return [
    {
      name: 'projects-to-s3',
      source: {
        protocol: 'nfs',
        nfs: { host: '10.0.0.5', export: '/vol1', path: 'projects', provider: 'nfs', version: '3' },
      },
      target: { protocol: 's3', s3: { bucket: bucket(0), prefix: 'projects', provider: 's3' } },
      size: { dirs: 12_480, files: 3_861_002, bytes: Math.round(4.2 * TB) },
      outcome: 'DONE',
    },
    {
      name: 'finance-share-to-azure',
      source: {
        protocol: 'cifs',
        cifs: { host: 'fs01.corp.example', share: 'finance', provider: 'cifs', version: '3.0' },
      },
      target: {
        protocol: 'azure',
        azure: {
          storageAccountName: `${slug.replaceAll('-', '')}store`,
          container: 'finance',
          prefix: 'archive',
          blobTier: 'COOL',
          provider: 'azure',
        },
      },
      size: { dirs: 2_210, files: 410_993, bytes: Math.round(380 * GB) },
      outcome: 'FAILED',
      cifs: true,
    },
    {
      name: 'grid-to-s3',
      source: {
        protocol: 's3',
        s3: {
          host: 'https://s3.datafabric.lan',
          port: '443',
          bucket: 'media-masters',
          prefix: '2025',
          provider: 'sgws',
        },
      },
      target: { protocol: 's3', s3: { bucket: bucket(1), prefix: 'media', provider: 's3' } },
      size: { dirs: 40_112, files: 12_006_331, bytes: Math.round(9.7 * TB) },
      outcome: 'RUNNING',
    },
    {
      name: 'gcs-to-dc1',
      source: {
        protocol: 'gcp',
        gcp: { bucket: `${slug}-analytics`, prefix: 'exports', provider: 'gcp' },
      },
      target: {
        protocol: 'nfs',
        nfs: { host: 'nfs.example.internal', export: '/vol2', path: 'archive', provider: 'nfs' },
      },
      size: { dirs: 803, files: 96_440, bytes: Math.round(71 * GB) },
      outcome: 'DONE',
    },
    {
      name: 'box-to-s3',
      source: {
        protocol: 'box',
        box: {
          folderId: '0',
          clientId: 'k4r8x9n2b7cq1w5e3t6y0u8i',
          appName: 'cloudsync-demo',
          enterpriseId: '918273',
          rootDirectory: '/',
          provider: 'box',
        },
      },
      target: { protocol: 's3', s3: { bucket: bucket(2), prefix: 'box', provider: 's3' } },
      size: { dirs: 120, files: 8_211, bytes: Math.round(3.5 * GB) },
      outcome: 'PENDING',
    },
    {
      name: 'home-dirs-to-anf',
      source: {
        protocol: 'nfs',
        nfs: { host: '10.0.0.5', export: '/vol1', path: 'home', provider: 'nfs', version: '4.1' },
      },
      target: {
        protocol: 'nfs',
        nfs: { host: '10.30.1.20', export: '/home-copy', provider: 'anf', version: '4.1' },
      },
      size: { dirs: 5_500, files: 1_200_450, bytes: Math.round(640 * GB) },
      outcome: 'DONE',
    },
    {
      name: 'logs-to-gcs',
      source: { protocol: 's3', s3: { bucket: bucket(3), prefix: 'logs', provider: 's3' } },
      target: {
        protocol: 'gcp',
        gcp: { bucket: `${slug}-logs`, storageClass: 'NEARLINE', provider: 'gcp' },
      },
      size: { dirs: 3_650, files: 2_900_210, bytes: Math.round(1.1 * TB) },
      outcome: 'DONE',
    },
    {
      name: 'backups-to-azure',
      source: {
        protocol: 'nfs',
        nfs: { host: '10.0.0.5', export: '/vol2', path: 'backups', provider: 'nfs' },
      },
      target: {
        protocol: 'azure',
        azure: {
          storageAccountName: `${slug.replaceAll('-', '')}bak`,
          container: 'backups',
          path: 'nightly',
          provider: 'azure_data_lake',
        },
      },
      size: { dirs: 730, files: 52_004, bytes: Math.round(2.4 * TB) },
      outcome: 'DONE',
    },
  ];
}

const iso = (ms: number) => new Date(ms).toISOString();

function finishedActivity(type: RunType, size: Size, startMs: number, durationMs: number) {
  const activity = emptyActivity(type, 'DONE');
  Object.assign(activity, {
    dirsScanned: size.dirs,
    filesScanned: size.files,
    bytesScanned: size.bytes,
    dirsMarkedForCopy: size.dirs,
    filesMarkedForCopy: size.files,
    bytesMarkedForCopy: size.bytes,
    dirsCopied: size.dirs,
    filesCopied: size.files,
    bytesCopied: size.bytes,
    progress: 100,
    startTime: iso(startMs),
    endTime: iso(startMs + durationMs),
    lastMessageTime: iso(startMs + durationMs),
    executionTime: durationMs,
  });
  return activity;
}

/** The run of a Sync after an Initial Copy moves only what changed: a tenth of the data. */
function runSize(rel: SimRelationship, type: RunType): Size {
  if (type === 'Initial Copy') return rel.size;
  return {
    dirs: Math.max(1, Math.round(rel.size.dirs / 10)),
    files: Math.max(1, Math.round(rel.size.files / 10)),
    bytes: Math.max(1, Math.round(rel.size.bytes / 10)),
  };
}

export interface RelationshipEngineOptions {
  /** The seeded RUNNING relationship of each account moves on its own (demo); else it is held. */
  live?: boolean;
  now?: () => number;
}

/** What the routes and the test controls work with. */
export class RelationshipEngine {
  readonly knobs: RelationshipKnobs = { ...DEFAULT_RELATIONSHIP_KNOBS };
  private items = new Map<string, SimRelationship>();
  private failNext = new Map<string, RunFailure>();
  /** Bytes and files copied by runs that finished in this simulator, by account. */
  private finished = new Map<string, { bytes: number; files: number; at: number }[]>();
  private readonly now: () => number;

  constructor(
    private readonly seed: Seed,
    private readonly timers: TimerSet,
    private readonly options: RelationshipEngineOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.reset();
  }

  /** Back to the seed (timers are cleared by the simulator's reset). */
  reset(): void {
    for (const rel of this.items.values()) this.clearTimer(rel);
    Object.assign(this.knobs, DEFAULT_RELATIONSHIP_KNOBS);
    this.items = new Map();
    this.failNext = new Map();
    this.finished = new Map();
    for (const account of this.seed.accounts) this.seedAccount(account);
  }

  private seedAccount(account: SeedAccount): void {
    const groups = this.seed.groups.filter((group) => group.accountId === account.accountId);
    if (groups.length === 0) return;
    const random = seededRandom(hashString(`relationships:${account.accountId}`));
    const internalAccount = hexString(random, 24);
    const buckets = (this.seed.buckets[account.accountId] ?? []).map((item) => item.name);
    const count = 6 + (hashString(account.accountId) % 3);
    templates(account, buckets)
      .slice(0, count)
      .forEach((template, index) => {
        const group = groups[index % groups.length];
        if (!group) return;
        const createdAt = CREATED_BASE_MS + index * 3 * DAY_MS + Math.floor(random() * DAY_MS);
        const id = objectId(random, Math.floor(createdAt / 1000));
        const broker = this.groupAgent(group.id);
        const rel: SimRelationship = {
          id,
          accountId: account.accountId,
          internalAccount,
          groupId: group.id,
          dataBrokerId: broker?.id,
          createdAt,
          source: structuredClone(template.source),
          target: structuredClone(template.target),
          cifsCredentials: template.cifs
            ? { username: 'svc-cloudsync', password: `Cs!${hexString(random, 12)}` }
            : undefined,
          settings: defaultSettings(),
          tags: [{ key: 'name', value: template.name }],
          activity: emptyActivity('Initial Copy', 'PENDING'),
          size: template.size,
          initialCopyDone: false,
          run: undefined,
          held: false,
          continuous: false,
        };
        this.items.set(id, rel);
        this.seedActivity(rel, template.outcome, createdAt);
      });
  }

  private seedActivity(rel: SimRelationship, outcome: Outcome, createdAt: number): void {
    const firstRunStart = createdAt + 60_000;
    switch (outcome) {
      case 'DONE': {
        rel.initialCopyDone = true;
        const lastStart = CREATED_BASE_MS + 40 * DAY_MS + (createdAt % DAY_MS);
        rel.activity = finishedActivity('Sync', runSize(rel, 'Sync'), lastStart, 1_260_000);
        return;
      }
      case 'FAILED': {
        const activity = finishedActivity('Initial Copy', rel.size, firstRunStart, 95_000);
        const failed = Math.max(1, Math.round(rel.size.files / 100));
        Object.assign(activity, {
          status: 'FAILED',
          filesCopied: 0,
          bytesCopied: 0,
          dirsCopied: 0,
          progress: 0,
          filesFailed: failed,
          failureMessage: DEFAULT_RUN_FAILURE.description,
          topFiveMostCommonRelationshipErrors: [{ ...DEFAULT_RUN_FAILURE, counter: failed }],
        });
        rel.activity = activity;
        return;
      }
      case 'PENDING':
        (rel.settings.schedule as Json).syncWhenCreated = false;
        rel.activity = emptyActivity('Initial Copy', 'PENDING');
        return;
      case 'RUNNING': {
        rel.initialCopyDone = true;
        const steps = this.options.live ? 240 : this.knobs.steps;
        this.beginRun(rel, undefined, steps);
        rel.run = rel.run ? { ...rel.run, startedAt: this.now() - 90_000 } : rel.run;
        rel.activity.startTime = iso(this.now() - 90_000);
        this.enterRunning(rel);
        // Part way: the scan is done and some data is copied.
        if (rel.run) {
          rel.run.step = Math.floor(steps / 2) + 1;
          this.applyStep(rel);
        }
        if (this.options.live) this.schedule(rel, 1_000);
        else rel.held = true;
        return;
      }
    }
  }

  private groupAgent(groupId: string): SeedBroker | undefined {
    const members = this.seed.brokers.filter((item) => item.groupId === groupId);
    return members.find((item) => item.status === 'COMPLETE') ?? members[0];
  }

  // --- reads -------------------------------------------------------------------------------------

  find(accountId: string, id: string): SimRelationship | undefined {
    const rel = this.items.get(id);
    return rel && rel.accountId === accountId ? rel : undefined;
  }

  list(accountId: string): Json[] {
    return [...this.items.values()]
      .filter((rel) => rel.accountId === accountId)
      .map((rel) => this.wire(rel));
  }

  get(accountId: string, id: string): Json | undefined {
    const rel = this.find(accountId, id);
    return rel ? this.wire(rel) : undefined;
  }

  idsOfGroup(accountId: string, groupId: string): string[] {
    return [...this.items.values()]
      .filter((rel) => rel.accountId === accountId && rel.groupId === groupId)
      .map((rel) => rel.id);
  }

  ids(accountId: string): string[] {
    return [...this.items.values()].filter((r) => r.accountId === accountId).map((r) => r.id);
  }

  private endpoint(rel: SimRelationship, endpoint: Json): Json {
    const copy = structuredClone(endpoint);
    const cifs = copy.cifs;
    if (this.knobs.echoCifsCredentials && rel.cifsCredentials && cifs && typeof cifs === 'object') {
      (cifs as Json).credentials = { ...rel.cifsCredentials };
    }
    return copy;
  }

  private wire(rel: SimRelationship): Json {
    return {
      id: rel.id,
      relationshipId: rel.id,
      account: rel.internalAccount,
      isCm: true,
      group: rel.groupId,
      ...(rel.dataBrokerId ? { dataBroker: rel.dataBrokerId } : {}),
      createdAt: rel.createdAt,
      phase: rel.activity.type,
      startTime: rel.activity.startTime,
      endTime: rel.activity.endTime,
      source: this.endpoint(rel, rel.source),
      target: this.endpoint(rel, rel.target),
      settings: structuredClone(rel.settings),
      tags: rel.tags.map((tag) => ({ ...tag })),
      activity: structuredClone(rel.activity),
    };
  }

  // --- mutations ---------------------------------------------------------------------------------

  /** Top-level shallow merge [assumed]; the full settings after it. */
  updateSettings(accountId: string, id: string, patch: Json): Json | undefined {
    const rel = this.find(accountId, id);
    if (!rel) return undefined;
    Object.assign(rel.settings, structuredClone(patch));
    return structuredClone(rel.settings);
  }

  updateTags(
    accountId: string,
    id: string,
    add: { key: string; value: string }[],
    remove: string[],
  ): boolean {
    const rel = this.find(accountId, id);
    if (!rel) return false;
    const gone = new Set(remove);
    rel.tags = rel.tags.filter((tag) => !gone.has(tag.key));
    for (const tag of add) {
      const existing = rel.tags.find((item) => item.key === tag.key);
      if (existing) existing.value = tag.value;
      else rel.tags.push({ key: tag.key, value: tag.value });
    }
    return true;
  }

  private isBusy(rel: SimRelationship): boolean {
    return rel.run !== undefined;
  }

  sync(accountId: string, id: string): 'accepted' | 'running' | 'missing' {
    const rel = this.find(accountId, id);
    if (!rel) return 'missing';
    if (this.isBusy(rel)) return 'running';
    const failure = this.failNext.get(id) ?? this.failNext.get('*');
    if (failure) {
      if (this.failNext.has(id)) this.failNext.delete(id);
      else this.failNext.delete('*');
    }
    const lag = this.knobs.runStartLagMs;
    const steps = Math.max(1, this.knobs.steps);
    const run: Run = {
      lagging: lag > 0,
      step: 0,
      steps,
      startedAt: this.now(),
      failure,
      timer: undefined,
    };
    rel.run = run;
    if (lag > 0) {
      run.timer = this.timers.set(() => {
        run.timer = undefined;
        if (rel.run !== run) return;
        this.beginRun(rel, failure, steps);
        this.afterPending(rel);
      }, lag);
    } else {
      this.beginRun(rel, failure, steps);
      this.afterPending(rel);
    }
    return 'accepted';
  }

  /** The new run shows as PENDING with zeroed counters. */
  private beginRun(rel: SimRelationship, failure: RunFailure | undefined, steps: number): void {
    const type: RunType = rel.initialCopyDone ? 'Sync' : 'Initial Copy';
    const startedAt = this.now();
    rel.run = { lagging: false, step: 0, steps, startedAt, failure, timer: rel.run?.timer };
    rel.activity = emptyActivity(type, 'PENDING');
    rel.activity.startTime = iso(startedAt);
    rel.activity.lastMessageTime = iso(startedAt);
  }

  private afterPending(rel: SimRelationship): void {
    const delay = this.knobs.startDelayMs;
    const start = () => {
      this.enterRunning(rel);
      this.schedule(rel, this.knobs.tickMs);
    };
    if (delay > 0 && rel.run) {
      rel.run.timer = this.timers.set(() => {
        if (rel.run) rel.run.timer = undefined;
        start();
      }, delay);
    } else start();
  }

  private enterRunning(rel: SimRelationship): void {
    if (!rel.run) return;
    rel.activity.status = 'RUNNING';
    rel.activity.executionTime = this.now() - rel.run.startedAt;
    rel.activity.lastMessageTime = iso(this.now());
  }

  private schedule(rel: SimRelationship, ms: number): void {
    const run = rel.run;
    if (!run) return;
    run.timer = this.timers.set(() => {
      run.timer = undefined;
      if (rel.run !== run) return;
      if (!rel.held) {
        run.step += 1;
        this.applyStep(rel);
      }
      if (rel.run === run) this.schedule(rel, ms);
    }, ms);
  }

  /** Counters for the run's current step; the last step ends the run. */
  private applyStep(rel: SimRelationship): void {
    const run = rel.run;
    if (!run) return;
    const activity = rel.activity;
    const size = runSize(rel, activity.type);
    const scanSteps = Math.max(1, Math.floor(run.steps / 2));
    const copySteps = Math.max(1, run.steps - scanSteps);
    const now = this.now();
    if (run.step <= scanSteps) {
      const part = run.step / scanSteps;
      activity.dirsScanned = Math.round(size.dirs * part);
      activity.filesScanned = Math.round(size.files * part);
      activity.bytesScanned = Math.round(size.bytes * part);
      if (run.step === scanSteps) {
        activity.dirsMarkedForCopy = size.dirs;
        activity.filesMarkedForCopy = size.files;
        activity.bytesMarkedForCopy = size.bytes;
      }
    } else {
      const copied = Math.min(run.step - scanSteps, copySteps);
      const part = copied / copySteps;
      activity.dirsCopied = Math.round(size.dirs * part);
      activity.filesCopied = Math.round(size.files * part);
      activity.bytesCopied = Math.round(size.bytes * part);
      activity.progress = Math.round((100 * activity.bytesCopied) / size.bytes);
    }
    activity.lastMessageTime = iso(now);
    activity.executionTime = now - run.startedAt;
    const left = scanSteps + copySteps - run.step;
    activity.timeEstimation = Math.max(0, left * this.knobs.tickMs);
    if (left <= 0 && !rel.continuous) this.finish(rel, run.failure ? 'FAILED' : 'DONE');
  }

  private finish(rel: SimRelationship, status: 'DONE' | 'FAILED' | 'ABORTED'): void {
    const run = rel.run;
    if (!run) return;
    this.clearTimer(rel);
    rel.run = undefined;
    const activity = rel.activity;
    const now = this.now();
    activity.status = status;
    activity.endTime = iso(now);
    activity.lastMessageTime = iso(now);
    activity.executionTime = now - run.startedAt;
    activity.timeEstimation = 0;
    if (status === 'FAILED' && run.failure) {
      const failed = Math.max(1, Math.round(activity.filesMarkedForCopy / 100));
      activity.filesFailed = failed;
      activity.filesCopied = Math.max(0, activity.filesCopied - failed);
      activity.failureMessage = run.failure.description;
      activity.topFiveMostCommonRelationshipErrors = [{ ...run.failure, counter: failed }];
    }
    if (status === 'DONE') {
      activity.progress = 100;
      activity.failureMessage = '';
      rel.initialCopyDone = true;
      const done = this.finished.get(rel.accountId) ?? [];
      done.push({ bytes: activity.bytesCopied, files: activity.filesCopied, at: now });
      this.finished.set(rel.accountId, done);
    }
  }

  abort(accountId: string, id: string): 'accepted' | 'idle' | 'missing' {
    const rel = this.find(accountId, id);
    if (!rel) return 'missing';
    if (!rel.run) return 'idle';
    const run = rel.run;
    const stop = () => {
      if (rel.run !== run) return;
      if (run.lagging) {
        // Nothing showed yet: the run is dropped and the previous one stays.
        this.clearTimer(rel);
        rel.run = undefined;
        return;
      }
      this.finish(rel, 'ABORTED');
    };
    if (this.knobs.abortDelayMs > 0) this.timers.set(stop, this.knobs.abortDelayMs);
    else stop();
    return 'accepted';
  }

  private clearTimer(rel: SimRelationship): void {
    if (rel.run?.timer) this.timers.clear(rel.run.timer);
    if (rel.run) rel.run.timer = undefined;
  }

  delete(accountId: string, id: string): boolean {
    const rel = this.find(accountId, id);
    if (!rel) return false;
    this.clearTimer(rel);
    this.items.delete(id);
    return true;
  }

  /** All or nothing: any unknown id deletes none [assumed]. */
  deleteMany(accountId: string, ids: string[]): string[] {
    const unknown = ids.filter((id) => !this.find(accountId, id));
    if (unknown.length > 0) return unknown;
    for (const id of ids) this.delete(accountId, id);
    return [];
  }

  // --- account-level reads -----------------------------------------------------------------------

  stats(accountId: string): Json {
    const rels = [...this.items.values()].filter((rel) => rel.accountId === accountId);
    const finished = this.finished.get(accountId) ?? [];
    let totalBytes = 0;
    let totalFiles = 0;
    for (const rel of rels) {
      if (rel.initialCopyDone) {
        totalBytes += rel.size.bytes;
        totalFiles += rel.size.files;
      }
    }
    for (const run of finished) {
      totalBytes += run.bytes;
      totalFiles += run.files;
    }
    const today = Math.floor(this.now() / DAY_MS) * DAY_MS;
    const random = seededRandom(hashString(`stats:${accountId}`));
    const days = [];
    for (let back = 29; back >= 0; back--) {
      const day = today - back * DAY_MS;
      let bytes = Math.round(random() * 180 * 1024 ** 3);
      for (const run of finished) if (run.at >= day && run.at < day + DAY_MS) bytes += run.bytes;
      days.push({ date: new Date(day).toISOString().slice(0, 10), bytesCopied: bytes });
    }
    return {
      totalBytes,
      totalFiles,
      numberOfRelationships: rels.length,
      bytesCopiedInTheLast30Days: days,
    };
  }

  // --- test controls -----------------------------------------------------------------------------

  failNextRun(id: string, failure: Partial<RunFailure> = {}): void {
    this.failNext.set(id, { ...DEFAULT_RUN_FAILURE, ...failure });
  }

  holdRun(id: string): void {
    const rel = this.items.get(id);
    if (rel) rel.held = true;
  }

  releaseRun(id: string): void {
    const rel = this.items.get(id);
    if (!rel) return;
    rel.held = false;
    if (rel.run && !rel.run.timer && !rel.run.lagging && rel.activity.status === 'RUNNING') {
      this.schedule(rel, this.knobs.tickMs);
    }
  }

  /** The status never becomes terminal; settings.continuousSync turns on. */
  continuous(id: string, on = true): void {
    const rel = this.items.get(id);
    if (!rel) return;
    rel.continuous = on;
    rel.settings.continuousSync = on;
  }

  /** The seeded relationship of an account in a given state, for tests. */
  seededId(accountId: string, name: string): string | undefined {
    for (const rel of this.items.values()) {
      if (rel.accountId === accountId && rel.tags.some((t) => t.key === 'name' && t.value === name))
        return rel.id;
    }
    return undefined;
  }

  /** A new idle (DONE) relationship like `id`, named `name`, created now (tests); its id. */
  copy(accountId: string, id: string, name: string): string {
    const from = this.find(accountId, id);
    if (!from) throw new Error(`copy: no relationship ${id} in ${accountId}`);
    const random = seededRandom(hashString(`copy:${id}:${name}:${this.items.size}`));
    const createdAt = this.now();
    const copyId = objectId(random, Math.floor(createdAt / 1000));
    const rel: SimRelationship = {
      ...structuredClone({ ...from, run: undefined }),
      id: copyId,
      createdAt,
      tags: [{ key: 'name', value: name }],
      run: undefined,
      held: false,
    };
    this.items.set(copyId, rel);
    return copyId;
  }

  setKnobs(knobs: Partial<RelationshipKnobs>): void {
    Object.assign(this.knobs, knobs);
  }

  // --- create and credentials (POST /api/relationships-v2, PUT …/credentials) -------------------

  /**
   * A new relationship from a validated create body: credentials are kept apart (never in the
   * endpoints a GET shows, unless echoCifsCredentials), settings are the defaults with the given
   * ones merged one level deep, and with schedule.syncWhenCreated (the default) its Initial Copy
   * starts at once. Answers the relationship as the 202 shows it.
   */
  create(
    accountId: string,
    input: {
      groupId: string;
      dataBrokerId: string | undefined;
      source: Json;
      target: Json;
      settings: Json | undefined;
      tags: { key: string; value: string }[];
      cifsCredentials: { username: string; password: string } | undefined;
    },
  ): Json {
    const random = seededRandom(hashString(`create:${accountId}:${this.items.size}:${this.now()}`));
    const createdAt = this.now();
    const id = objectId(random, Math.floor(createdAt / 1000));
    const existing = [...this.items.values()].find((rel) => rel.accountId === accountId);
    const settings = defaultSettings();
    for (const [key, value] of Object.entries(input.settings ?? {})) {
      const base = settings[key];
      settings[key] =
        base &&
        typeof base === 'object' &&
        value &&
        typeof value === 'object' &&
        !Array.isArray(value)
          ? { ...(base as Json), ...(structuredClone(value) as Json) }
          : structuredClone(value);
    }
    const rel: SimRelationship = {
      id,
      accountId,
      internalAccount:
        existing?.internalAccount ??
        hexString(seededRandom(hashString(`relationships:${accountId}`)), 24),
      groupId: input.groupId,
      dataBrokerId: input.dataBrokerId,
      createdAt,
      source: structuredClone(input.source),
      target: structuredClone(input.target),
      cifsCredentials: input.cifsCredentials,
      settings,
      tags: input.tags.map((tag) => ({ ...tag })),
      activity: emptyActivity('Initial Copy', 'PENDING'),
      size: {
        dirs: 40 + Math.floor(random() * 400),
        files: 2_000 + Math.floor(random() * 50_000),
        bytes: 2 ** 30 + Math.floor(random() * 2 ** 36),
      },
      initialCopyDone: false,
      run: undefined,
      held: false,
      continuous: false,
    };
    this.items.set(id, rel);
    if ((settings.schedule as Json | undefined)?.syncWhenCreated !== false)
      this.sync(accountId, id);
    return this.wire(rel);
  }

  /**
   * New credentials: stored invisibly; a relationship whose last run FAILED on credentials runs
   * clean on its next sync. False when unknown.
   */
  setCredentials(
    accountId: string,
    id: string,
    cifs: { username: string; password: string } | undefined,
  ): boolean {
    const rel = this.find(accountId, id);
    if (!rel) return false;
    if (cifs) rel.cifsCredentials = cifs;
    if (rel.activity.status === 'FAILED') this.failNext.delete(id);
    return true;
  }
}

/** What tests reach through `simulator.relationships`. */
export type RelationshipControls = Pick<
  RelationshipEngine,
  | 'knobs'
  | 'setKnobs'
  | 'failNextRun'
  | 'holdRun'
  | 'releaseRun'
  | 'continuous'
  | 'seededId'
  | 'copy'
  | 'delete'
  | 'ids'
  | 'idsOfGroup'
  | 'create'
>;
