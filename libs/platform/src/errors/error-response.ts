import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import type { ErrorDetail } from './domain.error';

/**
 * The most an error body carries, however hostile the request: a body with 50,000 unknown fields
 * gets the first 100 problems, and a message or field name that would echo a megabyte of the
 * request is cut (with `…`). The OpenAPI document states these bounds (quality.md C3).
 */
export const ERROR_BODY_LIMITS = { message: 2_000, details: 100, field: 200, detailMessage: 500, error: 64 } as const;

const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export class ErrorDetailDto implements ErrorDetail {
  @ApiProperty({ example: 'name', maxLength: ERROR_BODY_LIMITS.field })
  field!: string;

  @ApiProperty({ example: 'name must be at most 100 characters', maxLength: ERROR_BODY_LIMITS.detailMessage })
  message!: string;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    minimum: 1,
    maximum: Number.MAX_SAFE_INTEGER,
    example: 12,
    description: 'For imports: the line of the file the problem is on',
  })
  line?: number;
}

/** The one error shape every endpoint answers with (product.md §2). */
export class ErrorResponseDto {
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 400, maximum: 599, example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request', maxLength: ERROR_BODY_LIMITS.error })
  error!: string;

  @ApiProperty({ example: 'name must be at most 100 characters', maxLength: ERROR_BODY_LIMITS.message })
  message!: string;

  @ApiPropertyOptional({ type: [ErrorDetailDto], maxItems: ERROR_BODY_LIMITS.details })
  details?: ErrorDetailDto[];
}

export function errorBody(statusCode: number, message: string, details: ErrorDetail[] = []): ErrorResponseDto {
  const body: ErrorResponseDto = {
    statusCode,
    error: cut(STATUS_CODES[statusCode] ?? 'Error', ERROR_BODY_LIMITS.error),
    message: cut(message, ERROR_BODY_LIMITS.message),
  };
  if (details.length)
    body.details = details.slice(0, ERROR_BODY_LIMITS.details).map((detail) => ({
      ...detail,
      field: cut(detail.field, ERROR_BODY_LIMITS.field),
      message: cut(detail.message, ERROR_BODY_LIMITS.detailMessage),
    }));
  return body;
}
