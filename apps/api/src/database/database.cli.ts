/**
 * Database commands, run as one-off steps (never on app start):
 *   up | down [--all] | create [name] | check | seed | status
 * `npm run migrate` runs `up`, which also creates the database when it is missing.
 */
import {
  describeDatabaseError,
  ensureDatabaseExists,
  isDatabaseConnectionError,
  loadConfigOrExit,
  migrateDown,
  migrateUp,
  migrationNeeded,
  withOrm,
} from '@tally/platform';
import { ENTITIES } from './entities';
import { seedDemoAccount } from './seeders/demo-account';
import { DEMO_ACCOUNT } from './seeders/demo-data';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const db = config.database;
  const [command = 'up', ...args] = process.argv.slice(2);
  const say = (line: string) => process.stdout.write(`${line}\n`);

  try {
    switch (command) {
      case 'up': {
        await ensureDatabaseExists(db);
        const applied = await migrateUp(db, ENTITIES);
        say(
          applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Database is up to date',
        );
        break;
      }
      case 'down': {
        const reverted = await migrateDown(db, ENTITIES, args.includes('--all') ? 0 : undefined);
        say(reverted.length ? `Reverted: ${reverted.join(', ')}` : 'Nothing to revert');
        break;
      }
      case 'status': {
        await withOrm(db, ENTITIES, async (orm) => {
          const executed = await orm.getMigrator().getExecutedMigrations();
          const pending = await orm.getMigrator().getPendingMigrations();
          say(`Executed: ${executed.map((m) => m.name).join(', ') || 'none'}`);
          say(`Pending: ${pending.map((m) => m.name).join(', ') || 'none'}`);
        });
        break;
      }
      case 'create': {
        await ensureDatabaseExists(db);
        await withOrm(db, ENTITIES, async (orm) => {
          const result = await orm.getMigrator().createMigration(undefined, false, false, args[0]);
          say(result.diff.up.length ? `Created ${result.fileName}` : 'No changes: entities match the schema');
        });
        break;
      }
      case 'check': {
        if (await migrationNeeded(db, ENTITIES)) {
          process.stderr.write(
            'Entities differ from the migrations: run `npm run migration:create -- <Name>` and commit it\n',
          );
          process.exitCode = 1;
        } else say('Entities and migrations agree');
        break;
      }
      case 'seed': {
        const result = await seedDemoAccount(config);
        say(
          result.created
            ? `Seeded the demo account: ${DEMO_ACCOUNT.email} / ${DEMO_ACCOUNT.password}`
            : 'The database already has users; nothing seeded',
        );
        break;
      }
      default:
        process.stderr.write(
          `Unknown command "${command}". Use: up | down [--all] | status | create [name] | check | seed\n`,
        );
        process.exitCode = 2;
    }
  } catch (error) {
    if (isDatabaseConnectionError(error)) {
      process.stderr.write(`${describeDatabaseError(error, db)}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

void main();
