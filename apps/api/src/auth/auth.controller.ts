import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { AccountsService, SignInService, AuthUser, clientInfo, CurrentUser, SessionsService } from '@tally/auth';
import { BadRequestError, ForbiddenError, UnauthorizedError } from '@tally/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Endpoint } from '../http/endpoint.decorator';
import { mapProfile, ProfileDto } from '../me/profile.dto';
import { AuthCookies } from './auth-cookies';
import {
  ChangePasswordDto,
  ConfirmEmailDto,
  ForgotPasswordDto,
  LoginDto,
  LoginResponseDto,
  MessageDto,
  RegisterDto,
  ResetPasswordDto,
  SessionListDto,
} from './auth.dto';
import { mapSession, mapSignedIn } from './auth.mapper';

const REFRESH_COOKIE_HEADERS = {
  'Set-Cookie': {
    description:
      'The rotated refresh token (HttpOnly, SameSite=Strict, Path=/api/v1/auth) and the CSRF token cookie to echo in X-CSRF-Token',
    // A browser keeps cookies of at most 4096 bytes.
    schema: { type: 'string', maxLength: 4_096 },
  },
};

const client = (request: FastifyRequest) => clientInfo(request.ip, request.headers['user-agent']);
const sessionIdPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new BadRequestError('id must be a session id (a UUID)', [{ field: 'id', message: 'id must be a UUID' }]),
});

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly signIn: SignInService,
    private readonly sessions: SessionsService,
    private readonly cookies: AuthCookies,
  ) {}

  @Post('register')
  @Endpoint({
    summary: 'Create an account',
    description: 'Sends an email with a confirmation link (valid 24 h).',
    auth: 'public',
    throttled: true,
    created: ProfileDto,
    errors: { 400: 'Invalid input', 409: 'The username or email is taken (details name the field)' },
  })
  async register(@Body() body: RegisterDto): Promise<ProfileDto> {
    return mapProfile(await this.accounts.register(body));
  }

  @Post('confirm-email')
  @Endpoint({
    summary: 'Confirm the email address with the token from the confirmation link',
    auth: 'public',
    throttled: true,
    noContent: 'The address is confirmed',
    errors: { 400: 'Malformed, unknown, used or expired token' },
  })
  async confirmEmail(@Body() body: ConfirmEmailDto): Promise<void> {
    await this.accounts.confirmEmail(body.token);
  }

  @Post('resend-confirmation')
  @Endpoint({
    summary: 'Send the confirmation email again',
    auth: 'bearer',
    throttled: true,
    accepted: MessageDto,
    errors: { 409: 'The address is already confirmed' },
  })
  async resendConfirmation(@CurrentUser() user: AuthUser): Promise<MessageDto> {
    await this.accounts.resendConfirmation(user.id);
    return { message: 'A new confirmation link is on its way.' };
  }

  @Post('login')
  @Endpoint({
    summary: 'Sign in with email or username and password',
    description:
      'Returns an access token and sets the refresh cookie. With two-factor authentication on, a request without ' +
      '`code` is answered 401 with `details: [{ field: "code" }]`: ask for the code and send the request again with it.',
    auth: 'public',
    throttled: true,
    ok: { type: LoginResponseDto, headers: REFRESH_COOKIE_HEADERS },
    errors: {
      400: 'Invalid input',
      401: 'Wrong login or password, or a two-factor code is needed or wrong',
      403: 'The account is disabled',
    },
  })
  async login(
    @Body() body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto> {
    const signedIn = await this.signIn.login(body, client(request));
    this.cookies.start(reply, signedIn.refreshToken);
    return mapSignedIn(signedIn);
  }

  @Post('refresh')
  @Endpoint({
    summary: 'Get a new access token with the refresh cookie',
    description: 'Rotates the refresh token. A refresh token used twice ends its whole session. Needs X-CSRF-Token.',
    auth: 'refresh-cookie',
    ok: { type: LoginResponseDto, headers: REFRESH_COOKIE_HEADERS },
    errors: { 401: 'No, invalid, reused or expired refresh token', 403: 'Missing or wrong CSRF token' },
  })
  async refresh(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto> {
    const refreshToken = this.cookies.refreshToken(request);
    if (!refreshToken) throw new UnauthorizedError('There is no refresh cookie: sign in');
    this.cookies.checkCsrf(request);
    try {
      const signedIn = await this.signIn.refresh(refreshToken, client(request));
      this.cookies.start(reply, signedIn.refreshToken);
      return mapSignedIn(signedIn);
    } catch (error) {
      if (error instanceof UnauthorizedError) this.cookies.clear(reply);
      throw error;
    }
  }

  @Post('logout')
  @Endpoint({
    summary: 'Sign out: end the session',
    description:
      'With the refresh cookie (and X-CSRF-Token), or with the access token as Bearer. Both tokens of the session stop working at once.',
    auth: 'refresh-cookie-or-bearer',
    noContent: 'Signed out; the cookies are cleared',
    errors: { 401: 'Neither a refresh cookie nor a valid access token', 403: 'Missing or wrong CSRF token' },
  })
  async logout(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentUser() caller: AuthUser | undefined,
  ): Promise<void> {
    const refreshToken = this.cookies.refreshToken(request);
    if (refreshToken) {
      this.cookies.checkCsrf(request);
      // An already-ended session is fine: signing out is idempotent.
      await this.signIn.logoutWithRefreshToken(refreshToken).catch((error: unknown) => {
        if (!(error instanceof UnauthorizedError)) throw error;
      });
    } else {
      // No refresh cookie: RefreshCookieOrBearerGuard has authenticated the Bearer token.
      if (!caller?.sessionId)
        throw new ForbiddenError('A personal access token is not a session: revoke it with DELETE /api/v1/tokens/{id}');
      await this.signIn.logout(caller.sessionId);
    }
    this.cookies.clear(reply);
  }

  @Post('change-password')
  @Endpoint({
    summary: 'Change the password',
    description: 'Every other session is signed out and a "password changed" email is sent.',
    auth: 'session',
    throttled: true,
    noContent: 'Changed',
    errors: { 400: 'Invalid input', 422: 'The current password is wrong, or the new one is the same' },
  })
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body() body: ChangePasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.accounts.changePassword(user, body.currentPassword, body.newPassword, client(request));
  }

  @Post('forgot-password')
  @Endpoint({
    summary: 'Email a password reset link (valid 1 h)',
    description: 'Answers the same whether or not the address has an account.',
    auth: 'public',
    throttled: true,
    accepted: MessageDto,
    errors: { 400: 'Invalid input' },
  })
  async forgotPassword(@Body() body: ForgotPasswordDto): Promise<MessageDto> {
    await this.accounts.requestPasswordReset(body.email);
    return { message: 'If an account exists for this address, a reset link is on its way.' };
  }

  @Post('reset-password')
  @Endpoint({
    summary: 'Set a new password with the token from the reset link',
    description: 'Every session is signed out and a "password changed" email is sent.',
    auth: 'public',
    throttled: true,
    noContent: 'The password is set; sign in with it',
    errors: { 400: 'Invalid input, or an unknown, used or expired token' },
  })
  async resetPassword(@Body() body: ResetPasswordDto, @Req() request: FastifyRequest): Promise<void> {
    await this.accounts.resetPassword(body.token, body.newPassword, client(request));
  }

  @Get('sessions')
  @Endpoint({ summary: 'The signed-in sessions (devices) of the account', auth: 'session', ok: SessionListDto })
  async listSessions(@CurrentUser() user: AuthUser): Promise<SessionListDto> {
    const sessions = await this.sessions.listLive(user.id);
    return { items: sessions.map((s) => mapSession(s, user.sessionId)), nextCursor: null };
  }

  @Delete('sessions/:id')
  @ApiParam({ name: 'id', description: 'The session', schema: { type: 'string', format: 'uuid', maxLength: 36 } })
  @Endpoint({
    summary: 'Sign a session out (its tokens stop working at once)',
    auth: 'session',
    noContent: 'Signed out',
    errors: { 400: 'The id is not a UUID', 404: 'No such active session of yours' },
  })
  async revokeSession(@CurrentUser() user: AuthUser, @Param('id', sessionIdPipe) id: string): Promise<void> {
    await this.sessions.revokeOwn(user.id, id);
  }
}
