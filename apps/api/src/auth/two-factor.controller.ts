import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, AuthThrottle, AuthUser, CurrentUser, TwoFactor } from '@tally/auth';
import { ApiErrors } from '@tally/platform';
import {
  PasswordConfirmationDto,
  RecoveryCodesDto,
  TwoFactorCodeDto,
  TwoFactorConfirmationDto,
  TwoFactorEnrolmentDto,
  TwoFactorStatusDto,
} from './two-factor.dto';

const THROTTLED = 'Too many attempts; Retry-After says when to try again';

/** Optional TOTP two-factor authentication: setup → enable (with a first code) → disable. */
@ApiTags('auth')
@Controller('auth/2fa')
export class TwoFactorController {
  constructor(private readonly twoFactor: TwoFactor) {}

  @Get()
  @Authenticated({ sessionOnly: true })
  @ApiOperation({ summary: 'Whether two-factor authentication is on' })
  @ApiOkResponse({ type: TwoFactorStatusDto })
  async status(@CurrentUser() user: AuthUser): Promise<TwoFactorStatusDto> {
    const enabled = await this.twoFactor.isEnabled(user.id);
    return { enabled, recoveryCodesRemaining: enabled ? await this.twoFactor.remainingRecoveryCodes(user.id) : 0 };
  }

  @Post('setup')
  @HttpCode(200)
  @AuthThrottle()
  @Authenticated({ sessionOnly: true })
  @ApiOperation({
    summary: 'Start enrolment: a new secret and its QR code',
    description: 'Scan the QR code with an authenticator app, then confirm with POST /auth/2fa/enable.',
  })
  @ApiOkResponse({ type: TwoFactorEnrolmentDto })
  @ApiErrors({
    400: 'Invalid input',
    409: 'Two-factor authentication is already on',
    422: 'Wrong password',
    429: THROTTLED,
  })
  setup(@CurrentUser() user: AuthUser, @Body() body: PasswordConfirmationDto): Promise<TwoFactorEnrolmentDto> {
    return this.twoFactor.beginEnrolment(user.id, body.password);
  }

  @Post('enable')
  @HttpCode(200)
  @AuthThrottle()
  @Authenticated({ sessionOnly: true })
  @ApiOperation({
    summary: 'Turn two-factor authentication on with a first code from the app',
    description: 'Returns the recovery codes, shown this once.',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiErrors({
    400: 'Invalid input',
    409: 'Already on',
    422: 'No enrolment started, or a wrong code',
    429: THROTTLED,
  })
  async enable(@CurrentUser() user: AuthUser, @Body() body: TwoFactorCodeDto): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.twoFactor.enable(user.id, body.code) };
  }

  @Post('disable')
  @HttpCode(204)
  @AuthThrottle()
  @Authenticated({ sessionOnly: true })
  @ApiOperation({ summary: 'Turn two-factor authentication off (password and a code)' })
  @ApiNoContentResponse({ description: 'Off; the recovery codes are deleted' })
  @ApiErrors({ 400: 'Invalid input', 409: 'It is not on', 422: 'Wrong password or code', 429: THROTTLED })
  async disable(@CurrentUser() user: AuthUser, @Body() body: TwoFactorConfirmationDto): Promise<void> {
    await this.twoFactor.disable(user.id, body.password, body.code);
  }

  @Post('recovery-codes')
  @HttpCode(200)
  @AuthThrottle()
  @Authenticated({ sessionOnly: true })
  @ApiOperation({ summary: 'Replace the recovery codes (the old ones stop working)' })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiErrors({ 400: 'Invalid input', 409: 'It is not on', 422: 'Wrong password or code', 429: THROTTLED })
  async regenerate(@CurrentUser() user: AuthUser, @Body() body: TwoFactorConfirmationDto): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.twoFactor.regenerateRecoveryCodes(user.id, body.password, body.code) };
  }
}
