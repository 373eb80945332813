import { ApiProperty } from '@nestjs/swagger';

export class HealthReportDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';

  @ApiProperty({ example: { database: 'up', redis: 'up' }, additionalProperties: { type: 'string', enum: ['up'] } })
  checks!: Record<string, 'up'>;
}
