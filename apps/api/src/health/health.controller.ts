import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto, HealthChecks } from '@tally/platform';
import { HealthReportDto } from './health.dto';

@ApiTags('ops')
@Controller('health')
export class HealthController {
  constructor(private readonly checks: HealthChecks) {}

  @Get()
  @ApiOperation({ summary: 'Whether the API can reach MySQL and Redis' })
  @ApiOkResponse({ type: HealthReportDto })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'MySQL or Redis is unreachable' })
  check(): Promise<HealthReportDto> {
    return this.checks.report();
  }
}
