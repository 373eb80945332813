import { PAGE_LIMITS } from '@tally/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** The longest cursor accepted (the api's own are far shorter). */
export const CURSOR_MAX_LENGTH = 256;

/** `cursor` and `limit` of every list (product.md §2). */
export class PageQueryDto {
  @ApiPropertyOptional({
    description: 'Opaque cursor from the previous page’s `nextCursor`',
    maxLength: CURSOR_MAX_LENGTH,
  })
  @IsOptional()
  @IsString()
  @MaxLength(CURSOR_MAX_LENGTH, {
    message: 'cursor is not valid for this list: request the first page again without a cursor',
  })
  cursor?: string;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: PAGE_LIMITS.max,
    default: PAGE_LIMITS.default,
  })
  @IsOptional()
  @Type(() => Number)
  // class-validator runs the decorator nearest the property first (and stops at the first failure).
  @Min(1, { message: `limit must be between 1 and ${PAGE_LIMITS.max}` })
  @Max(PAGE_LIMITS.max, { message: `limit must be between 1 and ${PAGE_LIMITS.max}` })
  @IsInt({ message: 'limit must be a whole number' })
  limit?: number;
}
