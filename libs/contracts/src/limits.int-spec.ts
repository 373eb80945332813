import { createConnection } from 'mysql2/promise';
import { testConfig } from '../../../test/support/test-config';
import {
  EMAIL_MAX_LENGTH,
  LOG_LIMITS,
  TIME_ZONE_MAX_LENGTH,
  TOKEN_LIMITS,
  TRACKER_LIMITS,
  USERNAME_MAX_LENGTH,
} from './limits';

/**
 * The columns behind the shared limits, as the migrations made them: a varchar as wide as its limit
 * (the API refuses longer text, and a wider column would let an import or a script store what the
 * forms and the API never accept), and text columns with room for the limit in 4-byte characters.
 */
const VARCHAR_LIMITS: Record<string, number> = {
  'users.username': USERNAME_MAX_LENGTH,
  'users.email': EMAIL_MAX_LENGTH,
  'users.timezone': TIME_ZONE_MAX_LENGTH,
  'trackers.name': TRACKER_LIMITS.name,
  'trackers.description': TRACKER_LIMITS.description,
  'trackers.what_to_track': TRACKER_LIMITS.whatToTrack,
  'trackers.unit': TRACKER_LIMITS.unit,
  'monthly_stats.most_used_tracker_name': TRACKER_LIMITS.name,
  'logs.reminder_message': LOG_LIMITS.reminderMessage,
  'api_tokens.name': TOKEN_LIMITS.name,
};
const TEXT_LIMITS: Record<string, number> = { 'logs.description': LOG_LIMITS.description };

interface Column {
  name: string;
  type: string;
  characters: number;
  bytes: number;
}

describe('database columns match the shared limits', () => {
  let columns: Map<string, Column>;

  beforeAll(async () => {
    const db = testConfig().database;
    const connection = await createConnection({ host: db.host, port: db.port, user: db.user, password: db.password });
    try {
      const [rows] = await connection.query(
        `SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) AS name, DATA_TYPE AS type,
                CHARACTER_MAXIMUM_LENGTH AS characters, CHARACTER_OCTET_LENGTH AS bytes
           FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?`,
        [db.name],
      );
      columns = new Map((rows as Column[]).map((row) => [row.name, row]));
    } finally {
      await connection.end();
    }
  });

  it.each(Object.entries(VARCHAR_LIMITS))('%s is a varchar(%i)', (name, limit) => {
    expect(columns.get(name)).toMatchObject({ type: 'varchar', characters: limit });
  });

  it.each(Object.entries(TEXT_LIMITS))('%s holds %i characters of 4 bytes', (name, limit) => {
    expect(Number(columns.get(name)?.bytes)).toBeGreaterThanOrEqual(limit * 4);
  });
});
