import { Migration } from '@mikro-orm/migrations';

export class Migration20261203132739_IdempotencyKeysAndRefreshReuse extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`idempotency_keys\` (\`id\` bigint unsigned not null auto_increment primary key, \`user_id\` int unsigned not null, \`key_hash\` varchar(64) not null, \`request_hash\` varchar(64) not null, \`status\` smallint null, \`body\` text null, \`created_at\` datetime(3) not null, \`expires_at\` datetime(3) not null) default character set utf8mb4 collate utf8mb4_unicode_520_ci engine = InnoDB;`);
    this.addSql(`alter table \`idempotency_keys\` add index \`idempotency_keys_expires_at_index\`(\`expires_at\`);`);
    this.addSql(`alter table \`idempotency_keys\` add unique \`idempotency_keys_user_id_key_hash_unique\`(\`user_id\`, \`key_hash\`);`);

    this.addSql(`alter table \`idempotency_keys\` add constraint \`idempotency_keys_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on update cascade on delete cascade;`);

    this.addSql(`alter table \`sessions\` add \`previous_refresh_token_hashes\` varchar(1024) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`idempotency_keys\`;`);

    this.addSql(`alter table \`sessions\` drop column \`previous_refresh_token_hashes\`;`);
  }

}
