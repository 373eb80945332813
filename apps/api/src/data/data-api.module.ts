import { Module } from '@nestjs/common';
import { LogsModule } from '@tally/logs';
import { DataController } from './data.controller';

@Module({ imports: [LogsModule], controllers: [DataController] })
export class DataApiModule {}
