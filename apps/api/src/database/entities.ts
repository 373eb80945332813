import { AUTH_ENTITIES } from '@tally/auth';
import { LOG_ENTITIES } from '@tally/logs';
import { NOTIFICATION_ENTITIES } from '@tally/notifications';
import { REPORT_ENTITIES } from '@tally/reports';
import { TRACKER_ENTITIES } from '@tally/trackers';

/** Every table of the schema, gathered from the libs that own them (the api and its database commands map all). */
export const ENTITIES = [
  ...AUTH_ENTITIES,
  ...TRACKER_ENTITIES,
  ...LOG_ENTITIES,
  ...NOTIFICATION_ENTITIES,
  ...REPORT_ENTITIES,
];
