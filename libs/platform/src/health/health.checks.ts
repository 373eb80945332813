import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
  MikroOrmHealthIndicator,
} from '@nestjs/terminus';
import { ServiceUnavailableError } from '../errors';
import { RedisClient } from '../redis';

export interface HealthReport {
  status: 'ok';
  checks: Record<string, 'up'>;
}

const TIMEOUT_MS = 1_500;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref(),
    ),
  ]);
}

/** MySQL and Redis reachability, shared by the api's and the worker's health endpoints. */
@Injectable()
export class HealthChecks {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly mikroOrm: MikroOrmHealthIndicator,
    private readonly redis: RedisClient,
  ) {}

  async redisPing(key = 'redis'): Promise<HealthIndicatorResult> {
    const check = this.indicator.check(key);
    try {
      await withTimeout(this.redis.ping(), 'Redis');
      return check.up();
    } catch (error) {
      return check.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** `{ status: 'ok', checks }` when MySQL and Redis answer; otherwise a 503 naming what is down. */
  async report(): Promise<HealthReport> {
    try {
      const result = await this.health.check([
        () => this.mikroOrm.pingCheck('database', { timeout: TIMEOUT_MS }),
        () => this.redisPing(),
      ]);
      return { status: 'ok', checks: Object.fromEntries(Object.keys(result.details).map((k) => [k, 'up' as const])) };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const failed = (error.getResponse() as { error?: Record<string, { message?: string }> }).error ?? {};
      // The reasons (addresses, driver messages) go to the log; the public answer only names what is down.
      this.logger.warn(`Health check failed: ${JSON.stringify(failed)}`);
      const down = Object.keys(failed).map((field) => ({
        field,
        message: `${field === 'database' ? 'MySQL' : 'Redis'} did not answer within ${TIMEOUT_MS} ms or refused the connection`,
      }));
      throw new ServiceUnavailableError(`Unavailable: ${down.map((d) => d.field).join(' and ')} unreachable`, down);
    }
  }
}
