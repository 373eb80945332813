import { Entity, Enum, OneToOne, OptionalProps, PrimaryKey } from '@mikro-orm/core';
import { User } from '@tally/auth';

export enum ReportFormat {
  Pdf = 'pdf',
  Html = 'html',
  Off = 'off',
}

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
