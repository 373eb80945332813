import '@fastify/cookie';
import { Controller, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AdminConsolePasses, AuthUser, CurrentUser, UserRole } from '@tally/auth';
import { AppConfig, InjectConfig } from '@tally/platform';
import type { FastifyReply } from 'fastify';
import { Endpoint } from '../http/endpoint.decorator';
import { QUEUE_BOARD_PATH, queueBoardCookie } from './queue-board-cookie';

@ApiTags('admin')
@Controller('admin')
export class AdminController {
  private readonly cookie: ReturnType<typeof queueBoardCookie>;

  constructor(
    private readonly passes: AdminConsolePasses,
    @InjectConfig() config: AppConfig,
  ) {
    this.cookie = queueBoardCookie(config);
  }

  @Post('queues/session')
  @Endpoint({
    summary: 'Let this browser open Bull Board (admins only)',
    description:
      `Sets a short-lived signed cookie (15 minutes, HttpOnly, SameSite=Strict, Path=${QUEUE_BOARD_PATH}) for the ` +
      `caller's session; then open ${QUEUE_BOARD_PATH} in the same browser. It ends with the session, ` +
      'and when the account is no longer an admin. Personal access tokens cannot ask for it.',
    auth: 'session',
    roles: [UserRole.Admin],
    noContent: `The cookie is set: open ${QUEUE_BOARD_PATH}`,
  })
  openQueueBoard(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply): void {
    void reply.setCookie(this.cookie.name, this.passes.issue(user), this.cookie.options);
  }
}
