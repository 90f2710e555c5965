import type { Command } from 'commander';
import { systemContext } from '../app.ts';
import { asDeveloperId, asUserId } from '../platform/ids.ts';
import {
  pageCallbackLog,
  redeliver,
  rotateCallbackSecret,
  setCallbackUrl,
  MESSAGE_STATUSES,
  type MessageStatus,
  type MessageView,
  type RedeliverInput,
} from '../modules/callbacks/index.ts';
import type { Ctx } from '../platform/context.ts';
import type { Runtime } from '../runtime.ts';
import { die, durationArg, integerArg, print, withRuntime } from './helpers.ts';

/** The developer's main user, as the context the callback services run in. */
async function developerCtx(runtime: Runtime, developerId: string): Promise<Ctx> {
  const system = systemContext(runtime, 'cli');
  const dev = await system.db.selectFrom('developers').select('main_user_id').where('developer_id', '=', developerId).executeTakeFirst();
  if (!dev) die(`developer ${developerId} not found`);
  return {
    ...system,
    developerId: asDeveloperId(developerId),
    userId: asUserId(dev.main_user_id),
    rowsVisible: 'all',
    role: 'main',
    language: 'en',
  };
}

const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

/** `ponte callback set|rotate|log|redeliver`: the operator's view of a developer's message callbacks. */
export function registerCallbackCommands(program: Command): void {
  const callback = program.command('callback').description('developer message callbacks (URL, signing secret, delivery log)');
  for (const declare of [setCommand, rotateCommand, logCommand, redeliverCommand]) declare(callback);
}

const setCommand = (callback: Command) =>
  callback
    .command('set')
    .description('verify (a POST that must answer 200) and save a developer’s callback URL; prints the whsec_ signing secret')
    .requiredOption('--developer <id>', 'developer id')
    .requiredOption('--url <url>', 'callback URL')
    .option('--json', 'print JSON')
    .action((options: { developer: string; url: string; json?: boolean }) =>
      withRuntime(async (runtime) => {
        const ctx = await developerCtx(runtime, options.developer);
        const result = await setCallbackUrl(ctx, { url: options.url }, { allowPrivate: runtime.config.allowPrivateUrls });
        if (!result.ok) die(`callback URL refused: ${String(result.params?.rule ?? result.error)}`);
        print(!!options.json, { url: result.url, secret: result.secret }, `url: ${result.url}\nsecret: ${result.secret}`);
      }),
    );

const rotateCommand = (callback: Command) =>
  callback
    .command('rotate')
    .description('new signing secret; the old one keeps signing during the grace period')
    .requiredOption('--developer <id>', 'developer id')
    .option('--grace <duration>', 'grace period, e.g. 24h, 0 to retire the old secret at once', durationArg, 86_400_000)
    .option('--json', 'print JSON')
    .action((options: { developer: string; grace: number; json?: boolean }) =>
      withRuntime(async (runtime) => {
        const ctx = await developerCtx(runtime, options.developer);
        const result = await rotateCallbackSecret(ctx, options.grace);
        if (!result.ok) die(result.error === 'NOT_FOUND' ? 'no callback URL set for this developer' : String(result.params?.rule));
        print(
          !!options.json,
          { secret: result.secret, previousSecretValidUntil: result.previousSecretValidUntil },
          `secret: ${result.secret}\nprevious secret signs until: ${iso(result.previousSecretValidUntil)}`,
        );
      }),
    );

const logCommand = (callback: Command) =>
  callback
    .command('log')
    .description('delivery log: messages, newest first, with their attempts')
    .requiredOption('--developer <id>', 'developer id')
    .option('--status <status>', `only ${MESSAGE_STATUSES.join('|')}`)
    .option('--limit <n>', 'messages to show (1–100)', integerArg, 20)
    .option('--json', 'print JSON')
    .action((options: { developer: string; status?: string; limit: number; json?: boolean }) =>
      withRuntime(async (runtime) => {
        const ctx = await developerCtx(runtime, options.developer);
        const page = await pageCallbackLog(ctx, { pageSize: options.limit, status: options.status as MessageStatus | undefined });
        if (!page.ok) die(String(page.params?.rule ?? page.error));
        const lines = page.rows.flatMap(logLines);
        print(!!options.json, { total: page.total, messages: page.rows }, lines.length ? lines.join('\n') : 'no messages');
      }),
    );

/** A message's line, then one indented line per attempt. */
function logLines(m: MessageView): string[] {
  return [
    `${m.messageId} ${m.messageType} order ${m.orderId} ${m.status} next ${iso(m.nextAttemptAt)}`,
    ...m.attempts.map(
      (a) => `  #${a.attemptNo} ${a.trigger} ${iso(a.at)} ${a.statusCode ?? '-'} ${a.latencyMs} ms${a.error ? ` ${a.error}` : ''}`,
    ),
  ];
}

const redeliverCommand = (callback: Command) =>
  callback
    .command('redeliver')
    .description('queue one message, or every failed message since a time, for delivery now')
    .requiredOption('--developer <id>', 'developer id')
    .option('--message <id>', 'message id (= webhook-id)')
    .option('--failed-since <iso>', 'every failed message created since this ISO 8601 time')
    .option('--json', 'print JSON')
    .action((options: RedeliverOptions) =>
      withRuntime(async (runtime) => {
        if ((options.message === undefined) === (options.failedSince === undefined))
          die('give exactly one of --message and --failed-since');
        const ctx = await developerCtx(runtime, options.developer);
        const result = await redeliver(ctx, redeliverInput(options));
        if (!result.ok) die(result.error === 'NOT_FOUND' ? `message ${options.message} not found` : String(result.params?.rule));
        print(!!options.json, { queued: result.queued, messageIds: result.messageIds }, `queued: ${result.queued}`);
      }),
    );

interface RedeliverOptions {
  developer: string;
  message?: string;
  failedSince?: string;
  json?: boolean;
}

function redeliverInput(options: RedeliverOptions): RedeliverInput {
  if (options.message !== undefined) return { messageId: options.message };
  const since = Date.parse(String(options.failedSince));
  if (!Number.isFinite(since)) die(`--failed-since ${options.failedSince} is not an ISO 8601 time`);
  return { failedSince: since };
}
