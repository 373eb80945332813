import { EntityManager } from '@mikro-orm/mysql';
import type { MikroORM } from '@mikro-orm/core';

const EMOTIONS = ['happy', 'excited', 'calm', 'neutral', 'tired', 'sad', 'anxious', 'angry'];
const COLUMNS = `log_count, value_sum, value_min, value_max, ${EMOTIONS.map((e) => `emotion_${e}`).join(', ')}`;

/** A slot start computed differently from the production SQL, as an independent check. */
const slotOf = (minutes: 30 | 60) =>
  `logged_at - INTERVAL MINUTE(logged_at) % ${minutes} MINUTE - INTERVAL SECOND(logged_at) SECOND
     - INTERVAL MICROSECOND(logged_at) MICROSECOND`;

/**
 * The rollup rows (every width) as stored, and as they would be if rebuilt from the logs from
 * scratch: the two must always be equal, whatever writes happened.
 */
export async function rollupsVersusLogs(orm: MikroORM, trackerId: number) {
  const em = orm.em.fork() as unknown as EntityManager;
  const stored = await em.execute(
    `SELECT slot_minutes AS width, DATE_FORMAT(slot_start, '%Y-%m-%d %H:%i') AS slot, ${COLUMNS}
     FROM log_rollups WHERE tracker_id = ? ORDER BY slot_minutes, slot_start`,
    [trackerId],
  );
  const rebuild = (minutes: 30 | 60) =>
    `SELECT ${minutes} AS width, DATE_FORMAT(s, '%Y-%m-%d %H:%i') AS slot, COUNT(*) AS log_count, SUM(value) AS value_sum,
       MIN(value) AS value_min, MAX(value) AS value_max,
       ${EMOTIONS.map((e) => `SUM(emotion <=> '${e}') AS emotion_${e}`).join(', ')}
     FROM (SELECT *, ${slotOf(minutes)} AS s FROM logs WHERE tracker_id = ?) l GROUP BY s`;
  const rebuilt = await em.execute(`${rebuild(30)} UNION ALL ${rebuild(60)} ORDER BY width, slot`, [
    trackerId,
    trackerId,
    trackerId,
  ]);
  const normalize = (rows: Array<Record<string, unknown>>) =>
    rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : String(v)])));
  return { stored: normalize(stored), rebuilt: normalize(rebuilt) };
}
