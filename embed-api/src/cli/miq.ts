/**
 * Operator CLI entry: `npm run miq -w @miq/embed-api -- <command>` (see `run-cli.ts` for the commands). Opens the app
 * database from the environment (DATABASE_URL or MIQ_PGLITE_DIR), migrates it, runs one command, flushes the audit
 * log and exits: 0 on success, 2 on a usage or validation error, 1 otherwise.
 */
import type { AppDb } from '../app-db/index.js';
import { createPgliteAppDb, createPostgresAppDb, migrateAppDb } from '../app-db/index.js';
import { createAuditWriter } from '../audit/index.js';
import { createLocalRevocationBus, createRedisRevocationBus, type RevocationBus } from '../auth/revocation.js';
import { ConfigError, loadRuntimeConfig } from '../config/index.js';
import { MiqError } from '../errors/index.js';
import { createJsonLogger } from '../logger.js';
import { describeCliError, runCli, USAGE, UsageError } from './run-cli.js';

const REPO_ROOT = decodeURIComponent(new URL('../../../', import.meta.url).pathname);
const fromRoot = (p: string) => (p.startsWith('/') ? p : `${REPO_ROOT}${p}`);

async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === 'operator-token' || argv[0] === 'master-key') {
    // No database needed.
    await runCli(argv, undefined as never, { out: (l) => process.stdout.write(`${l}\n`) });
    return 0;
  }
  const config = loadRuntimeConfig(process.env);
  const appDb: AppDb =
    config.databaseUrl !== undefined
      ? createPostgresAppDb({ connectionString: config.databaseUrl, maxConnections: 2 })
      : await createPgliteAppDb({ dataDir: fromRoot(config.pgliteDir) });
  const logger = createJsonLogger({ write: (line) => process.stderr.write(`${line}\n`) });
  let revocations: RevocationBus = createLocalRevocationBus();
  let closeRedis = async () => {};
  if (config.redisUrl !== undefined) {
    const { Redis } = await import('ioredis');
    const publisher = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
    const subscriber = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
    revocations = await createRedisRevocationBus({ redis: { publisher, subscriber } });
    closeRedis = async () => {
      publisher.disconnect();
      subscriber.disconnect();
    };
  }
  const audit = createAuditWriter({ db: appDb.db, logger });
  try {
    await migrateAppDb(appDb.db);
    await runCli(
      argv,
      {
        db: appDb.db,
        audit,
        revocations,
        clock: () => new Date(),
        masterKey: config.app.masterKey,
        jwksTestAllowHosts: config.app.jwks.testAllowHosts,
        actor: { kind: 'operator' },
      },
      { out: (line) => process.stdout.write(`${line}\n`) },
    );
    return 0;
  } finally {
    await audit.close();
    await revocations.close();
    await closeRedis();
    await appDb.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`miq: ${describeCliError(error)}\n`);
    const usage = error instanceof UsageError || error instanceof ConfigError;
    const invalid = error instanceof MiqError && error.status < 500;
    process.exit(usage || invalid ? 2 : 1);
  },
);
