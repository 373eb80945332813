import { Controller, Get } from '@nestjs/common';
import { HealthChecks, HealthReport } from '@tally/platform';

/** The worker's own health endpoint, on WORKER_HEALTH_PORT: 503 when MySQL or Redis is down. */
@Controller('health')
export class WorkerHealthController {
  constructor(private readonly checks: HealthChecks) {}

  @Get()
  check(): Promise<HealthReport> {
    return this.checks.report();
  }
}
