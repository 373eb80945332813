import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import {
  Accounts,
  Authenticated,
  AuthThrottle,
  Authentication,
  Authenticator,
  AuthUser,
  clientInfo,
  CurrentUser,
  Sessions,
} from '@tally/auth';
import { ApiErrors, BadRequestError, ForbiddenError, UnauthorizedError } from '@tally/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
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

const THROTTLED = 'Too many attempts from this IP or for this account; Retry-After says when to try again';
const REFRESH_COOKIE_HEADERS = {
  'Set-Cookie': {
    description:
      'The rotated refresh token (HttpOnly, SameSite=Strict, Path=/api/v1/auth) and the CSRF token cookie to echo in X-CSRF-Token',
    schema: { type: 'string' },
  },
};

/** OpenAPI security requirement of the cookie routes: the refresh cookie together with the CSRF header. */
const REFRESH_COOKIE_AND_CSRF = { refresh: [], csrf: [] };

const client = (request: FastifyRequest) => clientInfo(request.ip, request.headers['user-agent']);
const sessionIdPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new BadRequestError('id must be a session id (a UUID)', [{ field: 'id', message: 'id must be a UUID' }]),
});

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly accounts: Accounts,
    private readonly authentication: Authentication,
    private readonly authenticator: Authenticator,
    private readonly sessions: Sessions,
    private readonly cookies: AuthCookies,
  ) {}

  @Post('register')
  @AuthThrottle()
  @ApiOperation({ summary: 'Create an account', description: 'Sends an email with a confirmation link (valid 24 h).' })
  @ApiCreatedResponse({ type: ProfileDto })
  @ApiErrors({ 400: 'Invalid input', 409: 'The username or email is taken (details name the field)', 429: THROTTLED })
  async register(@Body() body: RegisterDto): Promise<ProfileDto> {
    return mapProfile(await this.accounts.register(body));
  }

  @Post('confirm-email')
  @HttpCode(204)
  @AuthThrottle()
  @ApiOperation({ summary: 'Confirm the email address with the token from the confirmation link' })
  @ApiNoContentResponse({ description: 'The address is confirmed' })
  @ApiErrors({ 400: 'Malformed, unknown, used or expired token', 429: THROTTLED })
  async confirmEmail(@Body() body: ConfirmEmailDto): Promise<void> {
    await this.accounts.confirmEmail(body.token);
  }

  @Post('resend-confirmation')
  @HttpCode(202)
  @AuthThrottle()
  @Authenticated()
  @ApiOperation({ summary: 'Send the confirmation email again' })
  @ApiAcceptedResponse({ type: MessageDto })
  @ApiErrors({ 409: 'The address is already confirmed', 429: THROTTLED })
  async resendConfirmation(@CurrentUser() user: AuthUser): Promise<MessageDto> {
    await this.accounts.resendConfirmation(user.id);
    return { message: 'A new confirmation link is on its way.' };
  }

  @Post('login')
  @HttpCode(200)
  @AuthThrottle()
  @ApiOperation({
    summary: 'Sign in with email or username and password',
    description:
      'Returns an access token and sets the refresh cookie. With two-factor authentication on, a request without ' +
      '`code` is answered 401 with `details: [{ field: "code" }]`: ask for the code and send the request again with it.',
  })
  @ApiOkResponse({ type: LoginResponseDto, headers: REFRESH_COOKIE_HEADERS })
  @ApiErrors({
    400: 'Invalid input',
    401: 'Wrong login or password, or a two-factor code is needed or wrong',
    403: 'The account is disabled',
    429: THROTTLED,
  })
  async login(
    @Body() body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto> {
    const signedIn = await this.authentication.login(body, client(request));
    this.cookies.start(reply, signedIn.refreshToken);
    return mapSignedIn(signedIn);
  }

  @Post('refresh')
  @HttpCode(200)
  // One requirement naming both schemes: the cookie AND the header (separate decorators would mean either).
  @ApiSecurity(REFRESH_COOKIE_AND_CSRF)
  @ApiOperation({
    summary: 'Get a new access token with the refresh cookie',
    description: 'Rotates the refresh token. A refresh token used twice ends its whole session. Needs X-CSRF-Token.',
  })
  @ApiOkResponse({ type: LoginResponseDto, headers: REFRESH_COOKIE_HEADERS })
  @ApiErrors({ 401: 'No, invalid, reused or expired refresh token', 403: 'Missing or wrong CSRF token' })
  async refresh(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto> {
    const refreshToken = this.cookies.refreshToken(request);
    if (!refreshToken) throw new UnauthorizedError('There is no refresh cookie: sign in');
    this.cookies.checkCsrf(request);
    try {
      const signedIn = await this.authentication.refresh(refreshToken, client(request));
      this.cookies.start(reply, signedIn.refreshToken);
      return mapSignedIn(signedIn);
    } catch (error) {
      if (error instanceof UnauthorizedError) this.cookies.clear(reply);
      throw error;
    }
  }

  @Post('logout')
  @HttpCode(204)
  @ApiSecurity(REFRESH_COOKIE_AND_CSRF)
  @ApiSecurity('bearer')
  @ApiOperation({
    summary: 'Sign out: end the session',
    description:
      'With the refresh cookie (and X-CSRF-Token), or with the access token as Bearer. Both tokens of the session stop working at once.',
  })
  @ApiNoContentResponse({ description: 'Signed out; the cookies are cleared' })
  @ApiErrors({ 401: 'Neither a refresh cookie nor a valid access token', 403: 'Missing or wrong CSRF token' })
  async logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const refreshToken = this.cookies.refreshToken(request);
    if (refreshToken) {
      this.cookies.checkCsrf(request);
      // An already-ended session is fine: signing out is idempotent.
      await this.authentication.logoutWithRefreshToken(refreshToken).catch((error: unknown) => {
        if (!(error instanceof UnauthorizedError)) throw error;
      });
    } else {
      const caller = await this.authenticator.authenticate(request.headers.authorization);
      if (!caller.sessionId)
        throw new ForbiddenError('A personal access token is not a session: revoke it with DELETE /api/v1/tokens/{id}');
      await this.authentication.logout(caller.sessionId);
    }
    this.cookies.clear(reply);
  }

  @Post('change-password')
  @HttpCode(204)
  @AuthThrottle()
  @Authenticated({ sessionOnly: true })
  @ApiOperation({
    summary: 'Change the password',
    description: 'Every other session is signed out and a "password changed" email is sent.',
  })
  @ApiNoContentResponse({ description: 'Changed' })
  @ApiErrors({ 400: 'Invalid input', 422: 'The current password is wrong, or the new one is the same', 429: THROTTLED })
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body() body: ChangePasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.accounts.changePassword(user, body.currentPassword, body.newPassword, client(request));
  }

  @Post('forgot-password')
  @HttpCode(202)
  @AuthThrottle()
  @ApiOperation({
    summary: 'Email a password reset link (valid 1 h)',
    description: 'Answers the same whether or not the address has an account.',
  })
  @ApiAcceptedResponse({ type: MessageDto })
  @ApiErrors({ 400: 'Invalid input', 429: THROTTLED })
  async forgotPassword(@Body() body: ForgotPasswordDto): Promise<MessageDto> {
    await this.accounts.requestPasswordReset(body.email);
    return { message: 'If an account exists for this address, a reset link is on its way.' };
  }

  @Post('reset-password')
  @HttpCode(204)
  @AuthThrottle()
  @ApiOperation({
    summary: 'Set a new password with the token from the reset link',
    description: 'Every session is signed out and a "password changed" email is sent.',
  })
  @ApiNoContentResponse({ description: 'The password is set; sign in with it' })
  @ApiErrors({ 400: 'Invalid input, or an unknown, used or expired token', 429: THROTTLED })
  async resetPassword(@Body() body: ResetPasswordDto, @Req() request: FastifyRequest): Promise<void> {
    await this.accounts.resetPassword(body.token, body.newPassword, client(request));
  }

  @Get('sessions')
  @Authenticated({ sessionOnly: true })
  @ApiOperation({ summary: 'The signed-in sessions (devices) of the account' })
  @ApiOkResponse({ type: SessionListDto })
  async listSessions(@CurrentUser() user: AuthUser): Promise<SessionListDto> {
    const sessions = await this.sessions.listLive(user.id);
    return { items: sessions.map((s) => mapSession(s, user.sessionId)), nextCursor: null };
  }

  @Delete('sessions/:id')
  @ApiParam({ name: 'id', description: 'The session', schema: { type: 'string', format: 'uuid' } })
  @HttpCode(204)
  @Authenticated({ sessionOnly: true })
  @ApiOperation({ summary: 'Sign a session out (its tokens stop working at once)' })
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiErrors({ 400: 'The id is not a UUID', 404: 'No such active session of yours' })
  async revokeSession(@CurrentUser() user: AuthUser, @Param('id', sessionIdPipe) id: string): Promise<void> {
    await this.sessions.revokeOwn(user.id, id);
  }
}
