import { Module } from '@nestjs/common';
import { HealthModule } from '@tally/platform';
import { HealthController } from './health.controller';

/** GET /health over the platform's MySQL and Redis checks (HealthModule, which the worker uses too). */
@Module({ imports: [HealthModule], controllers: [HealthController] })
export class HealthApiModule {}
