import { Migration } from '@mikro-orm/migrations';

/**
 * Rebuilds every statistics rollup from the logs. Logs written before the rollups existed (or by
 * anything that bypassed them, such as an older demo seeder) were missing from counts and stats.
 * Plain SQL frozen here on purpose: a migration must not change when the application code does.
 */
export class Migration20261125104703_BackfillLogRollups extends Migration {
  override async up(): Promise<void> {
    this.addSql(`DELETE FROM \`log_rollups\`;`);
    this.addSql(
      `INSERT INTO \`log_rollups\` (tracker_id, slot_minutes, slot_start, log_count, value_sum, value_min, value_max, emotion_happy, emotion_excited, emotion_calm, emotion_neutral, emotion_tired, emotion_sad, emotion_anxious, emotion_angry)
       SELECT tracker_id, 30, (DATE_FORMAT(logged_at, '%Y-%m-%d %H:00:00') + INTERVAL (MINUTE(logged_at) DIV 30 * 30) MINUTE) AS slot, COUNT(*), SUM(value), MIN(value), MAX(value), SUM(emotion <=> 'happy'), SUM(emotion <=> 'excited'), SUM(emotion <=> 'calm'), SUM(emotion <=> 'neutral'), SUM(emotion <=> 'tired'), SUM(emotion <=> 'sad'), SUM(emotion <=> 'anxious'), SUM(emotion <=> 'angry')
         FROM \`logs\` GROUP BY tracker_id, slot
       UNION ALL
       SELECT tracker_id, 60, DATE_FORMAT(logged_at, '%Y-%m-%d %H:00:00') AS slot, COUNT(*), SUM(value), MIN(value), MAX(value), SUM(emotion <=> 'happy'), SUM(emotion <=> 'excited'), SUM(emotion <=> 'calm'), SUM(emotion <=> 'neutral'), SUM(emotion <=> 'tired'), SUM(emotion <=> 'sad'), SUM(emotion <=> 'anxious'), SUM(emotion <=> 'angry')
         FROM \`logs\` GROUP BY tracker_id, slot;`,
    );
  }

  override async down(): Promise<void> {
    // Nothing to undo: the rollups stay consistent with the logs.
  }
}
