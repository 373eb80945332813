import { Migration } from '@mikro-orm/migrations';

export class Migration20261125084012_InitialSchema extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`users\` (\`id\` int unsigned not null auto_increment primary key, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`username\` varchar(32) not null, \`email\` varchar(254) not null, \`password\` varchar(60) not null, \`confirmed_at\` datetime(3) null, \`timezone\` varchar(64) not null default 'UTC', \`role\` enum('user', 'admin') not null default 'user', \`active\` tinyint(1) not null default true, \`login_count\` int unsigned not null default 0, \`current_login_at\` datetime(3) null, \`current_login_ip\` varchar(45) null, \`last_login_at\` datetime(3) null, \`last_login_ip\` varchar(45) null) default character set utf8mb4 collate utf8mb4_unicode_520_ci engine = InnoDB;`);
    this.addSql(`alter table \`users\` add unique \`users_username_unique\`(\`username\`);`);
    this.addSql(`alter table \`users\` add unique \`users_email_unique\`(\`email\`);`);

    this.addSql(`create table \`trackers\` (\`id\` int unsigned not null auto_increment primary key, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`user_id\` int unsigned not null, \`name\` varchar(100) not null, \`description\` varchar(2000) null, \`type\` enum('numerical', 'note') not null, \`what_to_track\` varchar(200) null, \`unit\` varchar(32) null) default character set utf8mb4 collate utf8mb4_unicode_520_ci engine = InnoDB;`);
    this.addSql(`alter table \`trackers\` add index \`trackers_user_id_updated_at_index\`(\`user_id\`, \`updated_at\`);`);
    this.addSql(`alter table \`trackers\` add unique \`trackers_user_id_name_unique\`(\`user_id\`, \`name\`);`);

    this.addSql(`create table \`logs\` (\`id\` int unsigned not null auto_increment primary key, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tracker_id\` int unsigned not null, \`logged_at\` datetime(3) not null, \`value\` numeric(18,4) null, \`description\` text null, \`emotion\` enum('happy', 'excited', 'calm', 'neutral', 'tired', 'sad', 'anxious', 'angry') null, \`reminder_message\` varchar(500) null, \`reminder_at\` datetime(3) null, \`reminder_sent_at\` datetime(3) null) default character set utf8mb4 collate utf8mb4_unicode_520_ci engine = InnoDB;`);
    this.addSql(`alter table \`logs\` add index \`logs_reminder_sent_at_reminder_at_index\`(\`reminder_sent_at\`, \`reminder_at\`);`);
    this.addSql(`alter table \`logs\` add index \`logs_tracker_id_logged_at_index\`(\`tracker_id\`, \`logged_at\`);`);

    this.addSql(`create table \`sessions\` (\`id\` varchar(36) not null, \`user_id\` int unsigned not null, \`refresh_token_hash\` varchar(64) not null, \`created_at\` datetime(3) not null, \`last_used_at\` datetime(3) not null, \`expires_at\` datetime(3) not null, \`revoked_at\` datetime(3) null, \`ip\` varchar(45) null, \`user_agent\` varchar(512) null, primary key (\`id\`)) default character set utf8mb4 collate utf8mb4_unicode_520_ci engine = InnoDB;`);
    this.addSql(`alter table \`sessions\` add unique \`sessions_refresh_token_hash_unique\`(\`refresh_token_hash\`);`);
    this.addSql(`alter table \`sessions\` add index \`sessions_user_id_revoked_at_index\`(\`user_id\`, \`revoked_at\`);`);

    this.addSql(`create table \`report_settings\` (\`id\` int unsigned not null auto_increment primary key, \`user_id\` int unsigned not null, \`format\` enum('pdf', 'html', 'off') not null default 'pdf') default character set utf8mb4 collate utf8mb4_unicode_520_ci engine = InnoDB;`);
    this.addSql(`alter table \`report_settings\` add unique \`report_settings_user_id_unique\`(\`user_id\`);`);

    this.addSql(`create table \`one_time_tokens\` (\`id\` int unsigned not null auto_increment primary key, \`user_id\` int unsigned not null, \`purpose\` enum('confirm_email', 'reset_password') not null, \`token_hash\` varchar(64) not null, \`created_at\` datetime(3) not null, \`expires_at\` datetime(3) not null, \`used_at\` datetime(3) null) default character set utf8mb4 collate utf8mb4_unicode_520_ci engine = InnoDB;`);
    this.addSql(`alter table \`one_time_tokens\` add unique \`one_time_tokens_token_hash_unique\`(\`token_hash\`);`);
    this.addSql(`alter table \`one_time_tokens\` add index \`one_time_tokens_user_id_purpose_index\`(\`user_id\`, \`purpose\`);`);

    this.addSql(`create table \`notification_settings\` (\`id\` int unsigned not null auto_increment primary key, \`user_id\` int unsigned not null, \`frequency\` enum('daily', 'weekly', 'off') not null default 'daily', \`time\` char(5) not null default '20:00', \`weekday\` tinyint unsigned not null default 0) default character set utf8mb4 collate utf8mb4_unicode_520_ci engine = InnoDB;`);
    this.addSql(`alter table \`notification_settings\` add unique \`notification_settings_user_id_unique\`(\`user_id\`);`);

    this.addSql(`create table \`monthly_stats\` (\`id\` int unsigned not null auto_increment primary key, \`user_id\` int unsigned not null, \`month\` char(7) not null, \`total_trackers\` int unsigned not null, \`trackers_created\` int unsigned not null, \`total_logs\` int unsigned not null, \`logs_created\` int unsigned not null, \`most_used_tracker_name\` varchar(100) null, \`most_used_tracker_log_count\` int unsigned not null default 0, \`frequent_emotion\` enum('happy', 'excited', 'calm', 'neutral', 'tired', 'sad', 'anxious', 'angry') null, \`login_count\` int unsigned not null, \`computed_at\` datetime(3) not null, \`sent_at\` datetime(3) null, \`format\` enum('pdf', 'html', 'off') null) default character set utf8mb4 collate utf8mb4_unicode_520_ci engine = InnoDB;`);
    this.addSql(`alter table \`monthly_stats\` add unique \`monthly_stats_user_id_month_unique\`(\`user_id\`, \`month\`);`);

    this.addSql(`create table \`login_events\` (\`id\` int unsigned not null auto_increment primary key, \`user_id\` int unsigned not null, \`at\` datetime(3) not null, \`ip\` varchar(45) null, \`user_agent\` varchar(512) null) default character set utf8mb4 collate utf8mb4_unicode_520_ci engine = InnoDB;`);
    this.addSql(`alter table \`login_events\` add index \`login_events_user_id_at_index\`(\`user_id\`, \`at\`);`);

    this.addSql(`create table \`api_tokens\` (\`id\` int unsigned not null auto_increment primary key, \`user_id\` int unsigned not null, \`name\` varchar(100) not null, \`token_hash\` varchar(64) not null, \`scopes\` text not null, \`created_at\` datetime(3) not null, \`last_used_at\` datetime(3) null, \`expires_at\` datetime(3) null, \`revoked_at\` datetime(3) null) default character set utf8mb4 collate utf8mb4_unicode_520_ci engine = InnoDB;`);
    this.addSql(`alter table \`api_tokens\` add index \`api_tokens_user_id_index\`(\`user_id\`);`);
    this.addSql(`alter table \`api_tokens\` add unique \`api_tokens_token_hash_unique\`(\`token_hash\`);`);

    this.addSql(`alter table \`trackers\` add constraint \`trackers_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on update cascade on delete cascade;`);

    this.addSql(`alter table \`logs\` add constraint \`logs_tracker_id_foreign\` foreign key (\`tracker_id\`) references \`trackers\` (\`id\`) on update cascade on delete cascade;`);

    this.addSql(`alter table \`sessions\` add constraint \`sessions_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on update cascade on delete cascade;`);

    this.addSql(`alter table \`report_settings\` add constraint \`report_settings_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on update cascade on delete cascade;`);

    this.addSql(`alter table \`one_time_tokens\` add constraint \`one_time_tokens_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on update cascade on delete cascade;`);

    this.addSql(`alter table \`notification_settings\` add constraint \`notification_settings_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on update cascade on delete cascade;`);

    this.addSql(`alter table \`monthly_stats\` add constraint \`monthly_stats_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on update cascade on delete cascade;`);

    this.addSql(`alter table \`login_events\` add constraint \`login_events_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on update cascade on delete cascade;`);

    this.addSql(`alter table \`api_tokens\` add constraint \`api_tokens_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`trackers\` drop foreign key \`trackers_user_id_foreign\`;`);

    this.addSql(`alter table \`sessions\` drop foreign key \`sessions_user_id_foreign\`;`);

    this.addSql(`alter table \`report_settings\` drop foreign key \`report_settings_user_id_foreign\`;`);

    this.addSql(`alter table \`one_time_tokens\` drop foreign key \`one_time_tokens_user_id_foreign\`;`);

    this.addSql(`alter table \`notification_settings\` drop foreign key \`notification_settings_user_id_foreign\`;`);

    this.addSql(`alter table \`monthly_stats\` drop foreign key \`monthly_stats_user_id_foreign\`;`);

    this.addSql(`alter table \`login_events\` drop foreign key \`login_events_user_id_foreign\`;`);

    this.addSql(`alter table \`api_tokens\` drop foreign key \`api_tokens_user_id_foreign\`;`);

    this.addSql(`alter table \`logs\` drop foreign key \`logs_tracker_id_foreign\`;`);

    this.addSql(`drop table if exists \`users\`;`);

    this.addSql(`drop table if exists \`trackers\`;`);

    this.addSql(`drop table if exists \`logs\`;`);

    this.addSql(`drop table if exists \`sessions\`;`);

    this.addSql(`drop table if exists \`report_settings\`;`);

    this.addSql(`drop table if exists \`one_time_tokens\`;`);

    this.addSql(`drop table if exists \`notification_settings\`;`);

    this.addSql(`drop table if exists \`monthly_stats\`;`);

    this.addSql(`drop table if exists \`login_events\`;`);

    this.addSql(`drop table if exists \`api_tokens\`;`);
  }

}
