import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { AccountSetup, LoginEvent, User } from '@tally/auth';
import { LogBatch, LogWriter } from '@tally/logs';
import { seededRandom } from '@tally/platform';
import { Tracker } from '@tally/trackers';
import { hash } from 'bcrypt';
import { DEMO_ACCOUNT, DEMO_TRACKERS } from './demo-data';

const DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * The demo account: confirmed, with four trackers and ~90 days of logs ending today (so last
 * month is always whole, and its monthly report has content), and a sign-in every few days. The account
 * gets what every new account gets (AccountSetup), and its logs go in the way every import's do
 * (LogWriter), so the rollups, counts and cache are as real as a user's.
 */
@Injectable()
export class DemoSeeder {
  constructor(
    private readonly em: EntityManager,
    private readonly accountSetup: AccountSetup,
    private readonly writer: LogWriter,
  ) {}

  /** Seeds only into an empty database, so a real installation is never touched. */
  async seedIfEmpty(bcryptCost: number): Promise<{ created: boolean; demoAvailable: boolean }> {
    const em = this.em.fork();
    if ((await em.count(User)) > 0) {
      return { created: false, demoAvailable: (await em.count(User, { email: DEMO_ACCOUNT.email })) > 0 };
    }
    await this.seed(em, bcryptCost);
    return { created: true, demoAvailable: true };
  }

  private async seed(em: EntityManager, bcryptCost: number): Promise<void> {
    const now = new Date();
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const user = em.create(User, {
      username: DEMO_ACCOUNT.username,
      email: DEMO_ACCOUNT.email,
      password: await hash(DEMO_ACCOUNT.password, bcryptCost),
      timezone: DEMO_ACCOUNT.timezone,
      confirmedAt: now,
      createdAt: new Date(now.getTime() - (DAYS + 1) * DAY_MS),
    });
    this.accountSetup.apply(em, user);
    const trackers = DEMO_TRACKERS.map((demo) =>
      em.create(Tracker, {
        user,
        name: demo.name,
        type: demo.type,
        description: demo.description,
        whatToTrack: demo.whatToTrack ?? null,
        unit: demo.unit ?? null,
        createdAt: new Date(today - DAYS * DAY_MS),
      }),
    );
    // Sign-ins every few mornings, for the reports' login counts (their own sequence: the logs stay as they were).
    const signIns = seededRandom(20261203);
    for (let day = DAYS - 1; day >= 0; day -= 1 + Math.floor(signIns() * 4)) {
      const at = new Date(today - day * DAY_MS + 8 * 3_600_000 + Math.floor(signIns() * 3_600_000));
      if (at <= now) em.create(LoginEvent, { user, at, ip: '127.0.0.1', userAgent: 'Tally demo' });
    }
    await em.flush();

    const random = seededRandom(20261125);
    const batches: LogBatch[] = DEMO_TRACKERS.map((demo, i) => {
      const logs: LogBatch['logs'] = [];
      for (let day = DAYS - 1; day >= 0; day--) {
        for (const entry of demo.entries(random, day)) {
          const loggedAt = new Date(today - day * DAY_MS + entry.hour * 3_600_000 + Math.floor(random() * 3_000_000));
          if (loggedAt > now) continue;
          logs.push({
            loggedAt,
            value: entry.value === undefined ? null : entry.value.toFixed(4),
            description: entry.description ?? null,
            emotion: entry.emotion ?? null,
            reminderMessage: null,
            reminderAt: null,
            createdAt: loggedAt,
          });
        }
      }
      return { trackerId: trackers[i]!.id, logs };
    });
    await this.writer.bulk(user.id, now, async (write) => {
      for (const batch of batches) await write.append(batch);
    });
  }
}
