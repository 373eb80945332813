import { Migration } from '@mikro-orm/migrations';

export class Migration20261203104353_RemindersOutbox extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`mail_outbox\` (\`id\` bigint unsigned not null auto_increment primary key, \`user_id\` int unsigned not null, \`key\` varchar(120) not null, \`payload\` json not null, \`created_at\` datetime(3) not null, \`enqueued_at\` datetime(3) null, \`sent_at\` datetime(3) null, \`outcome\` varchar(40) null) default character set utf8mb4 collate utf8mb4_unicode_520_ci engine = InnoDB;`);
    this.addSql(`alter table \`mail_outbox\` add index \`mail_outbox_user_id_index\`(\`user_id\`);`);
    this.addSql(`alter table \`mail_outbox\` add unique \`mail_outbox_key_unique\`(\`key\`);`);
    this.addSql(`alter table \`mail_outbox\` add index \`mail_outbox_sent_at_enqueued_at_index\`(\`sent_at\`, \`enqueued_at\`);`);

    this.addSql(`alter table \`mail_outbox\` add constraint \`mail_outbox_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on update cascade on delete cascade;`);

    this.addSql(`alter table \`notification_settings\` add \`event_reminders\` tinyint(1) not null default true;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`mail_outbox\`;`);

    this.addSql(`alter table \`notification_settings\` drop column \`event_reminders\`;`);
  }

}
