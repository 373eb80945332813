import { Entity, Enum, OneToOne, OptionalProps, PrimaryKey } from '@mikro-orm/core';
import { ReportFormat } from './enums';
import { User } from './user.entity';

/** How the monthly report is emailed (one row per user). */
@Entity({ tableName: 'report_settings' })
export class ReportSetting {
  [OptionalProps]?: 'format';

  @PrimaryKey({ type: 'integer', unsigned: true, autoincrement: true })
  id!: number;

  @OneToOne(() => User, { owner: true, deleteRule: 'cascade', unique: true })
  user!: User;

  @Enum({ items: () => ReportFormat })
  format: ReportFormat = ReportFormat.Pdf;
}
