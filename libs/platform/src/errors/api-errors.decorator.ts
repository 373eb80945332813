import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from './error-response';

/**
 * Documents a route's error answers in one line, each with the shared error shape:
 * `@ApiErrors({ 400: 'Invalid input', 409: 'The email is taken' })`.
 */
export const ApiErrors = (errors: Record<number, string>) =>
  applyDecorators(
    ...Object.entries(errors).map(([status, description]) =>
      ApiResponse({ status: Number(status), type: ErrorResponseDto, description }),
    ),
  );
