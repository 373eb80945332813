import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NewPersonalAccessToken, ApiToken, ApiTokenScope } from '@tally/auth';
import { TOKEN_LIMITS } from '@tally/contracts';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { ID } from '../http/integers';
import { CURSOR_MAX_LENGTH } from '../http/page.dto';

/** `read` and `write`: a token has each at most once. */
const SCOPE_COUNT = Object.values(ApiTokenScope).length;

export class CreateTokenDto implements NewPersonalAccessToken {
  @ApiProperty({ example: 'Home Assistant', minLength: 1, maxLength: TOKEN_LIMITS.name })
  @Length(1, TOKEN_LIMITS.name, { message: `name must be 1–${TOKEN_LIMITS.name} characters` })
  @IsString({ message: 'name must be a string' })
  name!: string;

  @ApiProperty({
    enum: ApiTokenScope,
    enumName: 'ApiTokenScope',
    isArray: true,
    maxItems: SCOPE_COUNT,
    example: [ApiTokenScope.Read],
    description: '`read` allows GET/HEAD, `write` every other method',
  })
  // class-validator checks bottom-up and stops at the first failure: the shape first, then the items.
  @IsEnum(ApiTokenScope, { each: true, message: 'each scope must be read or write' })
  @ArrayUnique({ message: 'scopes must not repeat a scope' })
  @ArrayMaxSize(2, { message: 'scopes can only be read and write' })
  @ArrayNotEmpty({ message: 'scopes must name at least one of read, write' })
  @IsArray({ message: 'scopes must be a list, like ["read"]' })
  scopes!: ApiTokenScope[];

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    example: 90,
    minimum: 1,
    maximum: TOKEN_LIMITS.expiresInDays,
    description: 'Omit for a token that never expires',
  })
  @IsOptional()
  @IsInt({ message: 'expiresInDays must be a whole number of days' })
  @Min(1, { message: `expiresInDays must be between 1 and ${TOKEN_LIMITS.expiresInDays}` })
  @Max(TOKEN_LIMITS.expiresInDays, { message: `expiresInDays must be between 1 and ${TOKEN_LIMITS.expiresInDays}` })
  expiresInDays?: number;
}

export class TokenDto {
  @ApiProperty({ ...ID, example: 7 })
  id!: number;

  @ApiProperty({ example: 'Home Assistant', maxLength: TOKEN_LIMITS.name })
  name!: string;

  @ApiProperty({ enum: ApiTokenScope, enumName: 'ApiTokenScope', isArray: true, maxItems: SCOPE_COUNT })
  scopes!: ApiTokenScope[];

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Updated at most once a minute' })
  lastUsedAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: Date | null;

  @ApiProperty({ description: 'Past its expiry date: it no longer works' })
  expired!: boolean;
}

export class CreatedTokenDto extends TokenDto {
  @ApiProperty({
    example: 'tally_pat_hT3xVq2bT0cR1m8yQk9wZ4pL6nE5sA7dF3gH2jK1lMo',
    description: 'The token itself. Shown this once: store it now.',
    pattern: '^tally_pat_[A-Za-z0-9_-]{43}$',
    maxLength: 53,
  })
  token!: string;
}

export class TokenListDto {
  @ApiProperty({ type: [TokenDto], maxItems: TOKEN_LIMITS.perUser })
  items!: TokenDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: CURSOR_MAX_LENGTH,
    description: `Always null: at most ${TOKEN_LIMITS.perUser} tokens exist`,
  })
  nextCursor!: null;
}

export const mapToken = (token: ApiToken): TokenDto => ({
  id: token.id,
  name: token.name,
  scopes: token.scopes,
  createdAt: token.createdAt,
  lastUsedAt: token.lastUsedAt,
  expiresAt: token.expiresAt,
  expired: token.expiresAt !== null && token.expiresAt.getTime() <= Date.now(),
});
