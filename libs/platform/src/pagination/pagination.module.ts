import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { CursorCodec } from './cursor-codec';

/** Lists (`{ items, nextCursor }`) share one cursor codec keyed from the app secret. */
@Global()
@Module({
  providers: [
    {
      provide: CursorCodec,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new CursorCodec(config.auth.jwtSecret),
    },
  ],
  exports: [CursorCodec],
})
export class PaginationModule {}
