import { ApiProperty } from '@nestjs/swagger';
import { RECOVERY_CODE_COUNT } from '@tally/auth';
import { IsCurrentPassword, IsTwoFactorCode } from '../http/validators';

export class PasswordConfirmationDto {
  @ApiProperty({ description: 'The account password, to confirm it is you' })
  @IsCurrentPassword()
  password!: string;
}

export class TwoFactorCodeDto {
  @ApiProperty({ example: '123456', description: 'The current code from the authenticator app' })
  @IsTwoFactorCode()
  code!: string;
}

export class TwoFactorConfirmationDto {
  @ApiProperty({ description: 'The account password' })
  @IsCurrentPassword()
  password!: string;

  @ApiProperty({ example: '123456', description: 'The current 6-digit code or a recovery code' })
  @IsTwoFactorCode()
  code!: string;
}

export class TwoFactorStatusDto {
  @ApiProperty()
  enabled!: boolean;

  @ApiProperty({ type: 'integer', example: 10, description: 'Unused recovery codes left' })
  recoveryCodesRemaining!: number;
}

export class TwoFactorEnrolmentDto {
  @ApiProperty({ example: 'JBSWY3DPEHPK3PXP', description: 'Base32 secret, for apps that cannot scan the QR code' })
  secret!: string;

  @ApiProperty({ example: 'otpauth://totp/Tally:ada?secret=JBSWY3DPEHPK3PXP&issuer=Tally' })
  otpauthUrl!: string;

  @ApiProperty({ example: 'data:image/png;base64,iVBORw0…', description: 'The otpauth URL as a PNG QR code' })
  qrCodeDataUrl!: string;
}

export class RecoveryCodesDto {
  @ApiProperty({
    type: [String],
    example: ['ABCD-EFGH-JKLM-NPQR'],
    description: `${RECOVERY_CODE_COUNT} single-use codes, shown this once: each signs in once instead of an app code`,
  })
  recoveryCodes!: string[];
}
