import { Tracker } from './tracker.entity';

/** The tables the trackers lib owns. */
export const TRACKER_ENTITIES = [Tracker];
