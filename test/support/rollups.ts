import { EntityManager } from '@mikro-orm/mysql';
import type { MikroORM } from '@mikro-orm/core';

/**
 * The rollup rows as stored, and as they would be if rebuilt from the logs from scratch: the two
 * must always be equal, whatever writes happened.
 */
export async function rollupsVersusLogs(orm: MikroORM, trackerId: number) {
  const em = orm.em.fork() as unknown as EntityManager;
  const columns =
    'log_count, value_sum, value_min, value_max, emotion_happy, emotion_excited, emotion_calm, emotion_neutral, emotion_tired, emotion_sad, emotion_anxious, emotion_angry';
  const stored = await em.execute(
    `SELECT DATE_FORMAT(slot_start, '%Y-%m-%d %H:%i') AS slot, ${columns} FROM log_rollups WHERE tracker_id = ? ORDER BY slot_start`,
    [trackerId],
  );
  const rebuilt = await em.execute(
    `SELECT DATE_FORMAT(s, '%Y-%m-%d %H:%i') AS slot, COUNT(*) AS log_count, SUM(value) AS value_sum, MIN(value) AS value_min,
       MAX(value) AS value_max, ${['happy', 'excited', 'calm', 'neutral', 'tired', 'sad', 'anxious', 'angry']
         .map((e) => `SUM(emotion <=> '${e}') AS emotion_${e}`)
         .join(', ')}
     FROM (SELECT *, logged_at - INTERVAL MINUTE(logged_at) % 15 MINUTE - INTERVAL SECOND(logged_at) SECOND
                   - INTERVAL MICROSECOND(logged_at) MICROSECOND AS s
           FROM logs WHERE tracker_id = ?) l
     GROUP BY s ORDER BY s`,
    [trackerId],
  );
  const normalize = (rows: Array<Record<string, unknown>>) =>
    rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : String(v)])));
  return { stored: normalize(stored), rebuilt: normalize(rebuilt) };
}
