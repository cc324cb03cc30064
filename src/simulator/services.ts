import type { Knobs } from './knobs';
import type { Listings } from './listings';
import type { QueueRegistry } from './queues';
import type { RelationshipEngine } from './relationships';
import type { Store } from './store';
import type { TokenRegistry } from './tokens';

/** What the route handlers work with; one bundle per simulator, kept across reset(). */
export interface Services {
  store: Store;
  tokens: TokenRegistry;
  queues: QueueRegistry;
  listings: Listings;
  knobs: Knobs;
  relationships: RelationshipEngine;
}
