import type { SimulatorOptions } from './types';

/**
 * The simulator as `npm start` (demo mode) and `npm run simulator` run it: a listing takes a
 * believable moment (its PENDING state can be seen), and a broker that is offline (FAILED) or not
 * yet connected never answers, so its listing times out as it would in Cloud Sync; the seeded
 * running relationship moves by itself. Tests keep the fast defaults unless they ask for these.
 */
export const DEMO_SIMULATOR_OPTIONS: SimulatorOptions = {
  listingDelayMs: 1_500,
  offlineBrokersAnswer: false,
  liveRelationships: true,
};
