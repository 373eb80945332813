import { Module } from '@nestjs/common';
import { AuthApiModule } from '../auth/auth-api.module';
import { MeController } from './me.controller';

@Module({ imports: [AuthApiModule], controllers: [MeController] })
export class MeApiModule {}
