import { computed, inject, Injectable } from '@angular/core';
import { Session } from '../auth/session.service';
import { deviceTimeZone } from './zoned-time';

/** The time zone pages show times in: the profile's (days, streaks and reports follow it). */
@Injectable({ providedIn: 'root' })
export class UserZone {
  private readonly session = inject(Session);
  readonly zone = computed(() => this.session.user()?.timezone ?? deviceTimeZone());
}
