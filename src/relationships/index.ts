export type {
  ChangeKind,
  RelationshipChangeEvent,
  RelationshipListSource,
} from './changes';
export { RelationshipChangeWatchers } from './changes';
export type { PollerClock, TimerHandle } from './clock';
export { ManualClock, systemClock } from './clock';
export type { ListConsumer, ListMembership } from './lists';
export { RelationshipLists } from './lists';
export type {
  PollerMetrics,
  PollerSettings,
  PollKind,
  PollOutcome,
  ProgressEvent,
  RelationshipSource,
  WatchOptions,
} from './poller';
export {
  activityDigest,
  DEFAULT_POLLER_SETTINGS,
  RelationshipPollers,
  SnapshotPollers,
} from './poller';
export type { ReportProgressEvent, ReportSource } from './reports';
export { ReportPollers } from './reports';
export { relationshipPollerSettings } from './settings';
