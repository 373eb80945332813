import { ApiProperty } from '@nestjs/swagger';
import { RECOVERY_CODE_COUNT } from '@tally/auth';
import { DOCUMENTED, IsCurrentPassword, IsTwoFactorCode } from '../http/validators';

export class PasswordConfirmationDto {
  @ApiProperty({ description: 'The account password, to confirm it is you', ...DOCUMENTED.currentPassword })
  @IsCurrentPassword()
  password!: string;
}

export class TwoFactorCodeDto {
  @ApiProperty({
    example: '123456',
    description: 'The current code from the authenticator app',
    ...DOCUMENTED.twoFactorCode,
  })
  @IsTwoFactorCode()
  code!: string;
}

export class TwoFactorConfirmationDto {
  @ApiProperty({ description: 'The account password', ...DOCUMENTED.currentPassword })
  @IsCurrentPassword()
  password!: string;

  @ApiProperty({
    example: '123456',
    description: 'The current 6-digit code or a recovery code',
    ...DOCUMENTED.twoFactorCode,
  })
  @IsTwoFactorCode()
  code!: string;
}

export class TwoFactorStatusDto {
  @ApiProperty()
  enabled!: boolean;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: RECOVERY_CODE_COUNT,
    example: 10,
    description: 'Unused recovery codes left',
  })
  recoveryCodesRemaining!: number;
}

export class TwoFactorEnrolmentDto {
  @ApiProperty({
    example: 'JBSWY3DPEHPK3PXP',
    description: 'Base32 secret, for apps that cannot scan the QR code',
    pattern: '^[A-Z2-7]+=*$',
    maxLength: 128,
  })
  secret!: string;

  @ApiProperty({ example: 'otpauth://totp/Tally:ada?secret=JBSWY3DPEHPK3PXP&issuer=Tally', maxLength: 2_048 })
  otpauthUrl!: string;

  @ApiProperty({
    example: 'data:image/png;base64,iVBORw0…',
    description: 'The otpauth URL as a PNG QR code',
    maxLength: 65_536,
  })
  qrCodeDataUrl!: string;
}

export class RecoveryCodesDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', pattern: '^[A-Z2-9]{4}(?:-[A-Z2-9]{4}){3}$', maxLength: 19 },
    example: ['ABCD-EFGH-JKLM-NPQR'],
    description: `${RECOVERY_CODE_COUNT} single-use codes, shown this once: each signs in once instead of an app code`,
    maxItems: RECOVERY_CODE_COUNT,
  })
  recoveryCodes!: string[];
}
