export type { SimulatorCredentials } from './credentials';
export { CLIENT_IDS, DEMO_USER, OTHER_USER } from './credentials';
export { DEMO_SIMULATOR_OPTIONS } from './demo';
export type { FaultAction, FaultRule } from './faults';
export type { ListingReply } from './listings';
export type {
  DataBrokerType,
  ListingFailure,
  MessageHeader,
  MessageInput,
  Seed,
  SeedAccount,
  SeedBroker,
  SeedBucket,
  SeedGroup,
  SeedNfsExport,
  SeedNfsServer,
  SeedUser,
  WireFeedMessage,
} from './model';
export type { RelationshipControls, RelationshipKnobs, RunFailure } from './relationships';
export { SYNC_RUNNING_MESSAGE } from './relationships';
export type { SeedOptions } from './seed';
export { createSeed, SEED_IDS } from './seed';
export { createSimulator } from './server';
export type { RecordedRequest, Simulator, SimulatorOptions } from './types';
