import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import type { ErrorDetail } from './domain.error';

export class ErrorDetailDto implements ErrorDetail {
  @ApiProperty({ example: 'name' })
  field!: string;

  @ApiProperty({ example: 'name must be at most 100 characters' })
  message!: string;

  @ApiPropertyOptional({
    type: 'integer',
    example: 12,
    description: 'For imports: the line of the file the problem is on',
  })
  line?: number;
}

/** The one error shape every endpoint answers with (product.md §2). */
export class ErrorResponseDto {
  @ApiProperty({ type: 'integer', example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'name must be at most 100 characters' })
  message!: string;

  @ApiPropertyOptional({ type: [ErrorDetailDto] })
  details?: ErrorDetailDto[];
}

export function errorBody(statusCode: number, message: string, details: ErrorDetail[] = []): ErrorResponseDto {
  const body: ErrorResponseDto = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  if (details.length) body.details = details;
  return body;
}
