import type { Command } from 'commander';
import { Option } from 'commander';
import { systemContext } from '../app.ts';
import { createOperator, disableOperator, enableOperator, listOperators, resetPassword } from '../modules/operators/index.ts';
import { messageFor } from '../platform/errors.ts';
import { OPERATOR_ROLES } from '../platform/http/index.ts';
import { die, print, withRuntime } from './helpers.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) die('no terminal to ask the password on: set PONTE_OPERATOR_PASSWORD or pass --password-stdin');
  process.stderr.write(question);
  input.setRawMode(true);
  input.resume();
  return new Promise((resolve) => {
    let typed = '';
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\u0003') die('cancelled');
        if (char !== '\r' && char !== '\n') {
          typed = char === '\u007f' ? typed.slice(0, -1) : typed + char;
          continue;
        }
        input.setRawMode(false);
        input.pause();
        input.off('data', onData);
        process.stderr.write('\n');
        return resolve(typed);
      }
    };
    input.on('data', onData);
  });
}

/** The new password: --password-stdin, else PONTE_OPERATOR_PASSWORD, else asked twice on the terminal. */
async function newPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return readStdin();
  const fromEnv = process.env.PONTE_OPERATOR_PASSWORD;
  if (fromEnv !== undefined) return fromEnv;
  const first = await promptHidden('password (at least 12 characters): ');
  if ((await promptHidden('again: ')) !== first) die('the two passwords differ');
  return first;
}

/** `ponte operator create|disable|enable|password|list`: the people who sign in to the console. */
function statusCommand(
  operator: Command,
  name: 'disable' | 'enable',
  description: string,
  act: (ctx: ReturnType<typeof systemContext>, login: string) => Promise<{ ok: boolean }>,
  disabled: boolean,
): void {
  operator
    .command(name)
    .description(description)
    .argument('<login>')
    .option('--json', 'print JSON')
    .action((login: string, options: { json?: boolean }) =>
      withRuntime(async (runtime) => {
        const done = await act(systemContext(runtime), login);
        if (!done.ok) die(`operator ${login} not found`);
        print(!!options.json, { login, disabled }, `operator ${login} ${name}d`);
      }),
    );
}

export function registerOperatorCommands(program: Command): void {
  const operator = program.command('operator').description('console operators (login, role, password)');
  operator
    .command('create')
    .description('create an operator (the first one is how the console is first entered)')
    .requiredOption('--login <login>', '3–40 characters of a-z 0-9 . _ -')
    .addOption(new Option('--role <role>', 'role').choices(OPERATOR_ROLES).makeOptionMandatory())
    .option('--name <name>', 'display name (default: the login)')
    .option('--password-stdin', 'read the password from standard input (scripts)')
    .option('--json', 'print JSON')
    .action((options: { login: string; role: string; name?: string; passwordStdin?: boolean; json?: boolean }) =>
      withRuntime(async (runtime) => {
        const password = await newPassword(!!options.passwordStdin);
        const created = await createOperator(systemContext(runtime), { ...options, password });
        if (!created.ok) die(messageFor(created.error, 'en', created.params));
        const { login, name, role } = created.operator;
        print(!!options.json, { login, name, role }, `operator ${login} (${role}) created`);
      }),
    );
  statusCommand(operator, 'disable', 'disable an operator: it cannot sign in and its sessions end', disableOperator, true);
  statusCommand(operator, 'enable', 'let a disabled operator sign in again', enableOperator, false);
  operator
    .command('password')
    .description('set an operator’s password (a forgotten one): every session of it ends')
    .argument('<login>')
    .option('--password-stdin', 'read the password from standard input (scripts)')
    .option('--json', 'print JSON')
    .action((login: string, options: { passwordStdin?: boolean; json?: boolean }) =>
      withRuntime(async (runtime) => {
        const done = await resetPassword(systemContext(runtime), login, await newPassword(!!options.passwordStdin));
        if (!done.ok) die(messageFor(done.error, 'en', done.params));
        print(!!options.json, { login, passwordChanged: true }, `operator ${login}: password changed, sessions ended`);
      }),
    );
  operator
    .command('list')
    .description('every operator with its role')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      withRuntime(async (runtime) => {
        const operators = (await listOperators(systemContext(runtime))).map(({ login, name, role, disabled }) => ({
          login,
          name,
          role,
          disabled,
        }));
        const human = operators.map((o) => `${o.login}\t${o.role}\t${o.disabled ? 'disabled' : 'active'}\t${o.name}`).join('\n');
        print(!!options.json, { operators }, human || 'no operators');
      }),
    );
}
