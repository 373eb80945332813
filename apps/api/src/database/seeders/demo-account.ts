import { User } from '@tally/auth';
import { AppConfig, withOrm } from '@tally/platform';
import { ENTITIES } from '../entities';
import { DEMO_ACCOUNT } from './demo-data';
import { DemoSeeder } from './demo.seeder';

/** Seeds the demo account only into an empty database, so a real installation is never touched. */
export async function seedDemoAccount(database: AppConfig['database'], bcryptCost = 12) {
  return withOrm(database, ENTITIES, async (orm) => {
    const em = orm.em.fork();
    if ((await em.count(User)) > 0) {
      return { created: false, demoAvailable: (await em.count(User, { email: DEMO_ACCOUNT.email })) > 0 };
    }
    await new DemoSeeder(bcryptCost).run(em);
    return { created: true, demoAvailable: true };
  });
}
