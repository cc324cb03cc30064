import type { Config } from '../config';
import type { PollerSettings } from './poller';

/** The poller intervals of design §1.6, every one scaled from RELATIONSHIP_POLL_RUNNING_MS. */
export function relationshipPollerSettings(config: Config): Partial<PollerSettings> {
  const running = config.relationshipPollRunningMs;
  return {
    runningMs: running,
    waitingMs: Math.max(1, Math.round(running / 2)),
    minIntervalMs: Math.max(1, Math.round(running / 2)),
    pendingMs: Math.round(running * 2.5),
    runningMaxMs: Math.round(running * 7.5),
    slowMs: running * 15,
    idleMs: config.feedIdleMs,
    maxWatchedPerToken: config.maxWatchedRelationshipsPerToken,
  };
}
