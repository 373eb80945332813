import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LoginInput, RegisterInput } from '@tally/auth';
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_BYTES, PASSWORD_MIN_CHARACTERS, USERNAME_PATTERN } from '@tally/contracts';
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
} from '../http/validators';
import { ProfileDto } from '../me/profile.dto';

const NEW_PASSWORD = `${PASSWORD_MIN_CHARACTERS} characters to ${PASSWORD_MAX_BYTES} bytes (UTF-8)`;

export class RegisterDto implements RegisterInput {
  @ApiProperty({ example: 'ada', pattern: USERNAME_PATTERN.source })
  @IsUsername()
  username!: string;

  @ApiProperty({ example: 'ada@example.com', maxLength: EMAIL_MAX_LENGTH })
  @IsEmailAddress()
  email!: string;

  @ApiProperty({
    example: 'correct horse battery staple',
    minLength: PASSWORD_MIN_CHARACTERS,
    description: NEW_PASSWORD,
  })
  @IsNewPassword()
  password!: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', default: 'UTC', description: 'IANA time zone name' })
  @IsOmittable()
  @IsTimeZone()
  timezone?: string;
}

export class LoginDto implements LoginInput {
  @ApiProperty({ example: 'ada@example.com', description: 'Email address or username' })
  @Length(1, EMAIL_MAX_LENGTH, { message: `login must be 1–${EMAIL_MAX_LENGTH} characters` })
  @IsString({ message: 'login must be a string' })
  login!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsCurrentPassword()
  password!: string;

  @ApiPropertyOptional({
    example: '123456',
    description: 'Required when two-factor authentication is on: the current 6-digit code or a recovery code',
  })
  @IsOptional()
  @IsTwoFactorCode()
  code?: string;
}

export class ConfirmEmailDto {
  @ApiProperty({ description: 'The token from the confirmation link', example: 'hT3x…(43 characters)' })
  @IsOneTimeToken()
  token!: string;
}

export class ForgotPasswordDto {
  @ApiProperty({ example: 'ada@example.com' })
  @IsEmailAddress()
  email!: string;
}

export class ResetPasswordDto {
  @ApiProperty({ description: 'The token from the reset link' })
  @IsOneTimeToken()
  token!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_CHARACTERS, description: NEW_PASSWORD })
  @IsNewPassword()
  newPassword!: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsCurrentPassword()
  currentPassword!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_CHARACTERS, description: NEW_PASSWORD })
  @IsNewPassword()
  newPassword!: string;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'JWT for `Authorization: Bearer …`; valid for `expiresIn` seconds' })
  accessToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ type: 'integer', example: 900 })
  expiresIn!: number;

  @ApiProperty({ type: ProfileDto })
  user!: ProfileDto;
}

export class MessageDto {
  @ApiProperty({ example: 'If an account exists for this address, a reset link is on its way.' })
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

  @ApiProperty({ type: String, nullable: true })
  ip!: string | null;

  @ApiProperty({ type: String, nullable: true })
  userAgent!: string | null;

  @ApiProperty({ description: 'The session making this request' })
  current!: boolean;
}

export class SessionListDto {
  @ApiProperty({ type: [SessionDto] })
  items!: SessionDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Always null: the list is bounded (100 newest)' })
  nextCursor!: null;
}
