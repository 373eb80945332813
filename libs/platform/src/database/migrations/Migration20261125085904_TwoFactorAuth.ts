import { Migration } from '@mikro-orm/migrations';

export class Migration20261125085904_TwoFactorAuth extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`recovery_codes\` (\`id\` int unsigned not null auto_increment primary key, \`user_id\` int unsigned not null, \`code_hash\` char(64) not null, \`created_at\` datetime(3) not null, \`used_at\` datetime(3) null) default character set utf8mb4 collate utf8mb4_unicode_520_ci engine = InnoDB;`);
    this.addSql(`alter table \`recovery_codes\` add index \`recovery_codes_user_id_code_hash_index\`(\`user_id\`, \`code_hash\`);`);

    this.addSql(`alter table \`recovery_codes\` add constraint \`recovery_codes_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on update cascade on delete cascade;`);

    this.addSql(`alter table \`users\` add \`totp_secret\` varchar(255) null, add \`totp_enabled_at\` datetime(3) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`recovery_codes\`;`);

    this.addSql(`alter table \`users\` drop column \`totp_secret\`, drop column \`totp_enabled_at\`;`);
  }

}
