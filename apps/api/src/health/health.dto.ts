import { ApiProperty } from '@nestjs/swagger';

/** What each dependency answered: `up` (a health report is sent only when all are). */
export class HealthChecksDto {
  @ApiProperty({ enum: ['up'] })
  database!: 'up';

  @ApiProperty({ enum: ['up'] })
  redis!: 'up';
}

export class HealthReportDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';

  @ApiProperty({ type: HealthChecksDto, example: { database: 'up', redis: 'up' } })
  checks!: Record<string, 'up'>;
}
