import { Module } from '@nestjs/common';
import { LogsModule } from '@tally/logs';
import { LogsController } from './logs.controller';

@Module({ imports: [LogsModule], controllers: [LogsController] })
export class LogsApiModule {}
