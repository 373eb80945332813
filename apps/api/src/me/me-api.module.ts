import { Module } from '@nestjs/common';
import { NotificationsModule } from '@tally/notifications';
import { ReportsModule } from '@tally/reports';
import { AuthApiModule } from '../auth/auth-api.module';
import { MeController } from './me.controller';

@Module({ imports: [AuthApiModule, NotificationsModule, ReportsModule], controllers: [MeController] })
export class MeApiModule {}
