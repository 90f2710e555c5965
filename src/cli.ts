import { Command, Option } from 'commander';
import { systemContext, VERSION } from './app.ts';
import { signedCurl } from './bootstrap.ts';
import { baseUrlOf } from './config.ts';
import { SUB_ACCOUNT_ROLES, type SubAccountRole } from './platform/auth/index.ts';
import { createDeveloper, createSubAccount, revealSecret, rotateKey, setRequireHmac } from './modules/accounts/index.ts';
import { configFrom, die, durationArg, print, withRuntime } from './cli/helpers.ts';
import { startServer, stopOnSignals } from './server.ts';
import { registerSandboxCommands } from './cli/sandbox.ts';
import { registerWalletCommands } from './cli/wallet.ts';
import { registerCatalogCommands } from './cli/catalog.ts';
import { registerCallbackCommands } from './cli/callbacks.ts';
import { registerRefundCommands } from './cli/refunds.ts';
import { registerPurchasingCommands } from './cli/purchasing.ts';
import { registerFreightCommands } from './cli/freight.ts';
import { registerDutyCommands } from './cli/duty.ts';
import { registerWarehouseCommands } from './cli/warehouse.ts';
import { registerOperatorCommands } from './cli/operators.ts';
import { registerDeveloperSigninCommand } from './cli/developers.ts';
import { registerMcpCommand } from './cli/mcp.ts';

/**
 * `ponte` — the operator's command line. Every command works on SQLite (default) and on
 * PostgreSQL (DATABASE_URL) alike, and `--json` prints exactly one JSON object on stdout.
 */
const program = new Command('ponte').version(VERSION).description('Ponte: a self-hostable PandaPon OpenAPI server').showHelpAfterError();

program
  .command('start')
  .description('start the API server (migrates first; creates the demo developer on first start)')
  .option('--port <n>', 'port to listen on (PONTE_PORT)')
  .option('--data-dir <dir>', 'data directory (PONTE_DATA_DIR)')
  .action(async (options: { port?: string; dataDir?: string }) => {
    stopOnSignals(await startServer(configFrom(options)), { underNpm: process.env.npm_lifecycle_event !== undefined });
  });

program
  .command('migrate')
  .description('apply database migrations')
  .action(() => withRuntime(async () => print(false, {}, 'migrations applied')));

const developer = program.command('developer').description('manage developers');
developer
  .command('create')
  .requiredOption('--name <name>', 'developer name')
  .option('--json', 'print JSON')
  .action((options: { name: string; json?: boolean }) =>
    withRuntime(async (runtime) => {
      const created = await createDeveloper(systemContext(runtime), { name: options.name });
      print(
        !!options.json,
        { ...created },
        Object.entries(created)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
      );
    }),
  );

registerDeveloperSigninCommand(developer);

const subaccount = program.command('subaccount').description('manage sub-accounts');
subaccount
  .command('create')
  .requiredOption('--developer <id>', 'developer id')
  .addOption(new Option('--role <role>', 'role').choices(SUB_ACCOUNT_ROLES).makeOptionMandatory())
  .option('--json', 'print JSON')
  .action((options: { developer: string; role: SubAccountRole; json?: boolean }) =>
    withRuntime(async (runtime) => {
      const created = await createSubAccount(systemContext(runtime), options.developer, options.role);
      if (!created.ok) die(`developer ${options.developer} not found`);
      print(!!options.json, { userId: created.userId }, `userId: ${created.userId}`);
    }),
  );

const keys = program.command('keys').description('manage access keys');
keys
  .command('rotate')
  .description('issue a new access secret; without --grace the old one stops working at once')
  .requiredOption('--developer <id>', 'developer id')
  .option('--grace <duration>', 'keep the old secret valid this long (e.g. 10m, 24h)', durationArg, 0)
  .option('--json', 'print JSON')
  .action((options: { developer: string; grace: number; json?: boolean }) =>
    withRuntime(async (runtime) => {
      const rotated = await rotateKey(systemContext(runtime), options.developer, options.grace);
      if (!rotated.ok) die(`developer ${options.developer} not found`);
      const out = { accessKey: rotated.accessKey, accessSecret: rotated.accessSecret, previousValidUntil: rotated.previousValidUntil };
      print(
        !!options.json,
        out,
        Object.entries(out)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
      );
    }),
  );
keys
  .command('require-hmac')
  .description('make sign-type HMAC-SHA256 mandatory (or optional again with --off) for a developer key')
  .requiredOption('--developer <id>', 'developer id')
  .option('--off', 'allow MD5 signatures again')
  .action((options: { developer: string; off?: boolean }) =>
    withRuntime(async (runtime) => {
      const result = await setRequireHmac(systemContext(runtime), options.developer, !options.off);
      if (!result.ok) die(`developer ${options.developer} not found`);
      print(false, {}, options.off ? 'HMAC-SHA256 now optional' : 'HMAC-SHA256 now required');
    }),
  );

program
  .command('curl')
  .description('print a curl command that signs afresh each time it runs (needs openssl)')
  .requiredOption('--developer <id>', 'developer id')
  .option('--base-url <url>', 'server base URL (default: the running server, else PONTE_PUBLIC_URL or PONTE_HOST:PONTE_PORT)')
  .option('--body <json>', 'JSON body (POST)')
  .argument('<method>', 'GET or POST')
  .argument('<path>', 'path and query, e.g. /v2/open/address/list')
  .action((method: string, path: string, options: { developer: string; baseUrl?: string; body?: string }) =>
    withRuntime(async (runtime, server) => {
      const ctx = systemContext(runtime);
      const keysOf = await revealSecret(ctx, options.developer);
      const dev = await ctx.db
        .selectFrom('developers')
        .select('main_user_id')
        .where('developer_id', '=', options.developer)
        .executeTakeFirst();
      if (!keysOf || !dev) die(`developer ${options.developer} not found`);
      const verb = method.toUpperCase() === 'POST' ? 'POST' : 'GET';
      const baseUrl = options.baseUrl ?? server?.url ?? baseUrlOf(runtime.config);
      print(
        false,
        {},
        signedCurl(baseUrl, { developerId: options.developer, userId: dev.main_user_id, ...keysOf }, verb, path, options.body),
      );
    }),
  );

registerSandboxCommands(program);
registerWalletCommands(program);
registerCatalogCommands(program);
registerCallbackCommands(program);
registerRefundCommands(program);
registerFreightCommands(program);
registerDutyCommands(program);
registerWarehouseCommands(program);
registerOperatorCommands(program);
registerPurchasingCommands(program);
registerMcpCommand(program);

await program.parseAsync(process.argv);
