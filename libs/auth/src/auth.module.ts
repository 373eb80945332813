import { Global, Module } from '@nestjs/common';
import { AccessGuard } from './access.guard';

/** Accounts, sessions and tokens. Global so every domain module can use `@Authenticated()`. */
@Global()
@Module({
  providers: [AccessGuard],
  exports: [AccessGuard],
})
export class AuthModule {}
