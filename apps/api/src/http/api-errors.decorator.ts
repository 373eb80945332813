import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '@tally/platform';

/** Documents a route's error answers, all in the one error shape: `@ApiErrors({ 404: 'No such tracker' })`. */
export const ApiErrors = (errors: Partial<Record<400 | 404 | 409 | 413 | 415 | 422, string>>) =>
  applyDecorators(
    ...Object.entries(errors).map(([status, description]) =>
      ApiResponse({ status: Number(status), description, type: ErrorResponseDto }),
    ),
  );
