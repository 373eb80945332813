import { Injectable, PipeTransform } from '@nestjs/common';
import { ArgumentMetadata } from '@nestjs/common/interfaces';
import { ApiParam } from '@nestjs/swagger';
import { BadRequestError } from '@tally/platform';

export const MAX_ID = 4_294_967_295; // INT UNSIGNED

/** Route ids: positive whole numbers that fit the column; anything else is a 400 naming the parameter. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const name = metadata.data ?? 'id';
    const id = /^[1-9]\d{0,9}$/.test(value) ? Number(value) : NaN;
    if (!(id <= MAX_ID)) {
      const message = `${name} must be a positive whole number`;
      throw new BadRequestError(message, [{ field: name, message }]);
    }
    return id;
  }
}

/**
 * Documents a route id as what ParseIdPipe accepts: an integer of the INT UNSIGNED range (Nest
 * would otherwise document the handler's `number` parameter as any number).
 */
export const ApiIdParam = (name: string, description: string) =>
  ApiParam({ name, description, schema: { type: 'integer', format: 'int64', minimum: 1, maximum: MAX_ID } });
