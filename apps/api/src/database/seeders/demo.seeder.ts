import type { EntityManager } from '@mikro-orm/core';
import { Seeder } from '@mikro-orm/seeder';
import { hash } from 'bcrypt';
import { User } from '@tally/auth';
import { Log, LogRollup } from '@tally/logs';
import { NotificationSetting } from '@tally/notifications';
import { ReportSetting } from '@tally/reports';
import { Tracker } from '@tally/trackers';
import { seededRandom } from '@tally/platform';
import { DEMO_ACCOUNT, DEMO_TRACKERS } from './demo-data';

const DAYS = 90;
const DAY_MS = 86_400_000;

/** The demo account: confirmed, with four trackers and ~90 days of logs ending today. */
export class DemoSeeder extends Seeder {
  constructor(private readonly bcryptCost = 12) {
    super();
  }

  async run(em: EntityManager): Promise<void> {
    const now = new Date();
    const user = em.create(User, {
      username: DEMO_ACCOUNT.username,
      email: DEMO_ACCOUNT.email,
      password: await hash(DEMO_ACCOUNT.password, this.bcryptCost),
      timezone: DEMO_ACCOUNT.timezone,
      confirmedAt: now,
      createdAt: new Date(now.getTime() - (DAYS + 1) * DAY_MS),
    });
    em.create(NotificationSetting, { user });
    em.create(ReportSetting, { user });

    const random = seededRandom(20261125);
    const trackers: Tracker[] = [];
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    for (const demo of DEMO_TRACKERS) {
      const tracker = em.create(Tracker, {
        user,
        name: demo.name,
        type: demo.type,
        description: demo.description,
        whatToTrack: demo.whatToTrack ?? null,
        unit: demo.unit ?? null,
        createdAt: new Date(today - DAYS * DAY_MS),
      });
      trackers.push(tracker);
      for (let day = DAYS - 1; day >= 0; day--) {
        for (const entry of demo.entries(random, day)) {
          const loggedAt = new Date(today - day * DAY_MS + entry.hour * 3_600_000 + Math.floor(random() * 3_000_000));
          if (loggedAt > now) continue;
          em.create(Log, {
            tracker,
            loggedAt,
            value: entry.value === undefined ? null : entry.value.toFixed(4),
            description: entry.description ?? null,
            emotion: entry.emotion ?? null,
            createdAt: loggedAt,
            updatedAt: loggedAt,
          });
        }
      }
      tracker.updatedAt = now;
    }
    await em.flush();
    // Counts and statistics read the rollups, so they must describe the logs written above.
    const rollups = em.getRepository(LogRollup);
    for (const tracker of trackers) await rollups.recomputeRange(tracker.id, new Date(today - DAYS * DAY_MS), now);
  }
}
