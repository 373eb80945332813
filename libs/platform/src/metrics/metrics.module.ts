import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics.service';

/** The app's Prometheus registry (Metrics), global so any lib can count through it. */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
