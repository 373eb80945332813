import { Module } from '@nestjs/common';
import { ReportDeliveryModule } from '@tally/reports';
import { JobsController } from './jobs.controller';
import { ReportsController } from './reports.controller';

@Module({ imports: [ReportDeliveryModule], controllers: [ReportsController, JobsController] })
export class ReportsApiModule {}
