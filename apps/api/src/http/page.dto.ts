import { PAGE_LIMITS } from '@tally/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** `cursor` and `limit` of every list (product.md §2). */
export class PageQueryDto {
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s `nextCursor`' })
  @IsOptional()
  @IsString()
  @MaxLength(256, { message: 'cursor is not valid for this list: request the first page again without a cursor' })
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: PAGE_LIMITS.max, default: PAGE_LIMITS.default })
  @IsOptional()
  @Type(() => Number)
  // class-validator runs the decorator nearest the property first (and stops at the first failure).
  @Min(1, { message: `limit must be between 1 and ${PAGE_LIMITS.max}` })
  @Max(PAGE_LIMITS.max, { message: `limit must be between 1 and ${PAGE_LIMITS.max}` })
  @IsInt({ message: 'limit must be a whole number' })
  limit?: number;
}
