import type { Knobs } from './knobs';
import type { SimListings } from './listings';
import type { QueueRegistry } from './queues';
import type { RelationshipEngine } from './relationships';
import type { ReportEngine } from './reports';
import type { Store } from './store';
import type { TokenRegistry } from './tokens';

/** What the route handlers work with; one bundle per simulator, kept across reset(). */
export interface SimServices {
  store: Store;
  tokens: TokenRegistry;
  queues: QueueRegistry;
  listings: SimListings;
  knobs: Knobs;
  relationships: RelationshipEngine;
  reports: ReportEngine;
}
