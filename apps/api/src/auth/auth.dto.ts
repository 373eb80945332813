import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LoginInput, RegisterInput } from '@tally/auth';
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_BYTES, PASSWORD_MIN_CHARACTERS } from '@tally/contracts';
import { IsOptional, IsString, Length } from 'class-validator';
import {
  IsCurrentPassword,
  IsEmailAddress,
  IsNewPassword,
  IsOmittable,
  IsOneTimeToken,
  IsTimeZone,
  IsTwoFactorCode,
  IsUsername,
  DOCUMENTED,
} from '../http/validators';
import { ProfileDto } from '../me/profile.dto';
import { ACCESS_TOKEN_MAX_LENGTH, IP_MAX_LENGTH, USER_AGENT_MAX_LENGTH } from '../http/integers';
import { CURSOR_MAX_LENGTH } from '../http/page.dto';

const NEW_PASSWORD = `${PASSWORD_MIN_CHARACTERS} characters to ${PASSWORD_MAX_BYTES} bytes (UTF-8)`;

export class RegisterDto implements RegisterInput {
  @ApiProperty({ example: 'ada', ...DOCUMENTED.username })
  @IsUsername()
  username!: string;

  @ApiProperty({ example: 'ada@example.com', ...DOCUMENTED.email })
  @IsEmailAddress()
  email!: string;

  @ApiProperty({
    example: 'correct horse battery staple',
    ...DOCUMENTED.newPassword,
    description: NEW_PASSWORD,
  })
  @IsNewPassword()
  password!: string;

  @ApiPropertyOptional({
    example: 'Europe/Berlin',
    default: 'UTC',
    description: 'IANA time zone name',
    ...DOCUMENTED.timeZone,
  })
  @IsOmittable()
  @IsTimeZone()
  timezone?: string;
}

export class LoginDto implements LoginInput {
  @ApiProperty({
    example: 'ada@example.com',
    description: 'Email address or username',
    minLength: 1,
    maxLength: EMAIL_MAX_LENGTH,
  })
  @Length(1, EMAIL_MAX_LENGTH, { message: `login must be 1–${EMAIL_MAX_LENGTH} characters` })
  @IsString({ message: 'login must be a string' })
  login!: string;

  @ApiProperty({ example: 'correct horse battery staple', ...DOCUMENTED.currentPassword })
  @IsCurrentPassword()
  password!: string;

  @ApiPropertyOptional({
    example: '123456',
    description: 'Required when two-factor authentication is on: the current 6-digit code or a recovery code',
    ...DOCUMENTED.twoFactorCode,
  })
  @IsOptional()
  @IsTwoFactorCode()
  code?: string;
}

export class ConfirmEmailDto {
  @ApiProperty({
    description: 'The token from the confirmation link',
    example: 'hT3xVq2bT0cR1m8yQk9wZ4pL6nE5sA7dF3gH2jK1lMo',
    ...DOCUMENTED.oneTimeToken,
  })
  @IsOneTimeToken()
  token!: string;
}

export class ForgotPasswordDto {
  @ApiProperty({ example: 'ada@example.com', ...DOCUMENTED.email })
  @IsEmailAddress()
  email!: string;
}

export class ResetPasswordDto {
  @ApiProperty({ description: 'The token from the reset link', ...DOCUMENTED.oneTimeToken })
  @IsOneTimeToken()
  token!: string;

  @ApiProperty({ ...DOCUMENTED.newPassword, description: NEW_PASSWORD })
  @IsNewPassword()
  newPassword!: string;
}

export class ChangePasswordDto {
  @ApiProperty(DOCUMENTED.currentPassword)
  @IsCurrentPassword()
  currentPassword!: string;

  @ApiProperty({ ...DOCUMENTED.newPassword, description: NEW_PASSWORD })
  @IsNewPassword()
  newPassword!: string;
}

export class LoginResponseDto {
  @ApiProperty({
    description: 'JWT for `Authorization: Bearer …`; valid for `expiresIn` seconds',
    maxLength: ACCESS_TOKEN_MAX_LENGTH,
  })
  accessToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: 86_400, example: 900 })
  expiresIn!: number;

  @ApiProperty({ type: ProfileDto })
  user!: ProfileDto;
}

export class MessageDto {
  @ApiProperty({ example: 'If an account exists for this address, a reset link is on its way.', maxLength: 500 })
  message!: string;
}

export class SessionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  lastUsedAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', description: 'Unless refreshed before then' })
  expiresAt!: Date;

  @ApiProperty({ type: String, nullable: true, maxLength: IP_MAX_LENGTH })
  ip!: string | null;

  @ApiProperty({ type: String, nullable: true, maxLength: USER_AGENT_MAX_LENGTH })
  userAgent!: string | null;

  @ApiProperty({ description: 'The session making this request' })
  current!: boolean;
}

export class SessionListDto {
  @ApiProperty({ type: [SessionDto], maxItems: 100 })
  items!: SessionDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: CURSOR_MAX_LENGTH,
    description: 'Always null: the list is bounded (100 newest)',
  })
  nextCursor!: null;
}
