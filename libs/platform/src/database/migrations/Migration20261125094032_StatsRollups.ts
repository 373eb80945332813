import { Migration } from '@mikro-orm/migrations';

export class Migration20261125094032_StatsRollups extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`log_rollups\` (\`tracker_id\` int unsigned not null, \`slot_minutes\` tinyint unsigned not null, \`slot_start\` datetime not null, \`log_count\` int unsigned not null, \`value_sum\` numeric(36,4) null, \`value_min\` numeric(18,4) null, \`value_max\` numeric(18,4) null, \`emotion_happy\` int unsigned not null default 0, \`emotion_excited\` int unsigned not null default 0, \`emotion_calm\` int unsigned not null default 0, \`emotion_neutral\` int unsigned not null default 0, \`emotion_tired\` int unsigned not null default 0, \`emotion_sad\` int unsigned not null default 0, \`emotion_anxious\` int unsigned not null default 0, \`emotion_angry\` int unsigned not null default 0, primary key (\`tracker_id\`, \`slot_minutes\`, \`slot_start\`)) default character set utf8mb4 collate utf8mb4_unicode_520_ci engine = InnoDB;`);

    this.addSql(`alter table \`log_rollups\` add constraint \`log_rollups_tracker_id_foreign\` foreign key (\`tracker_id\`) references \`trackers\` (\`id\`) on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`log_rollups\`;`);
  }

}
