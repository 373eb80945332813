import { Pipe, PipeTransform } from '@angular/core';
import { formatWhen, WhenStyle } from './time-format';

/** `{{ log.loggedAt | when: zone() : 'log' }}`: a time in the user's zone (see formatWhen). */
@Pipe({ name: 'when' })
export class WhenPipe implements PipeTransform {
  transform(value: string | null | undefined, timeZone: string, style: WhenStyle = 'datetime'): string {
    return value ? formatWhen(value, timeZone, style) : '';
  }
}
