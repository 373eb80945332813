import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, TwoFactorService } from '@tally/auth';
import { Endpoint } from '../http/endpoint.decorator';
import {
  PasswordConfirmationDto,
  RecoveryCodesDto,
  TwoFactorCodeDto,
  TwoFactorConfirmationDto,
  TwoFactorEnrolmentDto,
  TwoFactorStatusDto,
} from './two-factor.dto';

/** Optional TOTP two-factor authentication: setup → enable (with a first code) → disable. */
@ApiTags('auth')
@Controller('auth/2fa')
export class TwoFactorController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @Get()
  @Endpoint({ summary: 'Whether two-factor authentication is on', auth: 'session', ok: TwoFactorStatusDto })
  async status(@CurrentUser() user: AuthUser): Promise<TwoFactorStatusDto> {
    const enabled = await this.twoFactor.isEnabled(user.id);
    return { enabled, recoveryCodesRemaining: enabled ? await this.twoFactor.remainingRecoveryCodes(user.id) : 0 };
  }

  @Post('setup')
  @Endpoint({
    summary: 'Start enrolment: a new secret and its QR code',
    description: 'Scan the QR code with an authenticator app, then confirm with POST /auth/2fa/enable.',
    auth: 'session',
    throttled: true,
    ok: TwoFactorEnrolmentDto,
    errors: { 400: 'Invalid input', 409: 'Two-factor authentication is already on', 422: 'Wrong password' },
  })
  setup(@CurrentUser() user: AuthUser, @Body() body: PasswordConfirmationDto): Promise<TwoFactorEnrolmentDto> {
    return this.twoFactor.beginEnrolment(user.id, body.password);
  }

  @Post('enable')
  @Endpoint({
    summary: 'Turn two-factor authentication on with a first code from the app',
    description: 'Returns the recovery codes, shown this once.',
    auth: 'session',
    throttled: true,
    ok: RecoveryCodesDto,
    errors: { 400: 'Invalid input', 409: 'Already on', 422: 'No enrolment started, or a wrong code' },
  })
  async enable(@CurrentUser() user: AuthUser, @Body() body: TwoFactorCodeDto): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.twoFactor.enable(user.id, body.code) };
  }

  @Post('disable')
  @Endpoint({
    summary: 'Turn two-factor authentication off (password and a code)',
    auth: 'session',
    throttled: true,
    noContent: 'Off; the recovery codes are deleted',
    errors: { 400: 'Invalid input', 409: 'It is not on', 422: 'Wrong password or code' },
  })
  async disable(@CurrentUser() user: AuthUser, @Body() body: TwoFactorConfirmationDto): Promise<void> {
    await this.twoFactor.disable(user.id, body.password, body.code);
  }

  @Post('recovery-codes')
  @Endpoint({
    summary: 'Replace the recovery codes (the old ones stop working)',
    auth: 'session',
    throttled: true,
    ok: RecoveryCodesDto,
    errors: { 400: 'Invalid input', 409: 'It is not on', 422: 'Wrong password or code' },
  })
  async regenerate(@CurrentUser() user: AuthUser, @Body() body: TwoFactorConfirmationDto): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.twoFactor.regenerateRecoveryCodes(user.id, body.password, body.code) };
  }
}
