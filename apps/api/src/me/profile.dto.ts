import { ApiProperty } from '@nestjs/swagger';
import { User, UserRole } from '@tally/auth';
import { EMAIL_MAX_LENGTH, TIME_ZONE_MAX_LENGTH, USERNAME_MAX_LENGTH } from '@tally/contracts';
import { COUNT, ID, IP_MAX_LENGTH } from '../http/integers';

/** The signed-in user's own account, with login tracking. */
export class ProfileDto {
  @ApiProperty({ ...ID, example: 42 })
  id!: number;

  @ApiProperty({ example: 'ada', maxLength: USERNAME_MAX_LENGTH })
  username!: string;

  @ApiProperty({ example: 'ada@example.com', maxLength: EMAIL_MAX_LENGTH })
  email!: string;

  @ApiProperty({
    description: 'Until true, the web client shows a "confirm your email" banner and no reminders or reports are sent',
  })
  emailConfirmed!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  confirmedAt!: Date | null;

  @ApiProperty({
    example: 'Europe/Berlin',
    description: 'IANA time zone; days, weeks and months follow it',
    maxLength: TIME_ZONE_MAX_LENGTH,
  })
  timezone!: string;

  @ApiProperty({ enum: UserRole, enumName: 'UserRole', description: 'What the account may do' })
  role!: UserRole;

  @ApiProperty()
  twoFactorEnabled!: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ ...COUNT, example: 12 })
  loginCount!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  currentLoginAt!: Date | null;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7', maxLength: IP_MAX_LENGTH })
  currentLoginIp!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastLoginAt!: Date | null;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7', maxLength: IP_MAX_LENGTH })
  lastLoginIp!: string | null;
}

export function mapProfile(user: User): ProfileDto {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    emailConfirmed: user.confirmedAt !== null,
    confirmedAt: user.confirmedAt,
    timezone: user.timezone,
    role: user.role,
    twoFactorEnabled: user.totpEnabledAt !== null,
    createdAt: user.createdAt,
    loginCount: user.loginCount,
    currentLoginAt: user.currentLoginAt,
    currentLoginIp: user.currentLoginIp,
    lastLoginAt: user.lastLoginAt,
    lastLoginIp: user.lastLoginIp,
  };
}
