import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthChecks } from '@tally/platform';
import { Endpoint } from '../http/endpoint.decorator';
import { HealthReportDto } from './health.dto';

@ApiTags('ops')
@Controller('health')
export class HealthController {
  constructor(private readonly checks: HealthChecks) {}

  @Get()
  @Endpoint({
    summary: 'Whether the API can reach MySQL and Redis',
    auth: 'public',
    ok: HealthReportDto,
    errors: { 503: 'MySQL or Redis is unreachable' },
  })
  check(): Promise<HealthReportDto> {
    return this.checks.report();
  }
}
