import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { systemContext } from '../app.ts';
import { activeDutyTable, loadDutyTable, parseDutyTable } from '../modules/duty/index.ts';
import { messageFor } from '../platform/errors.ts';
import { die, print, withRuntime } from './helpers.ts';

/** `ponte duty load FILE | show`: the operator edits the duty table without a deploy. */
export function registerDutyCommands(program: Command): void {
  const duty = program.command('duty').description('the duty table of the landed-cost estimate');
  duty
    .command('load <file>')
    .description('validate a duty table (JSON) and make it the active version')
    .option('--json', 'print JSON')
    .action((file: string, options: { json?: boolean }) =>
      withRuntime(async (runtime) => {
        let value: unknown;
        try {
          value = JSON.parse(await readFile(file, 'utf8'));
        } catch (error) {
          die(`${file}: ${(error as Error).message}`);
        }
        const parsed = parseDutyTable(value);
        if (!parsed.ok) die(`${file}: ${parsed.field}: ${parsed.message}`);
        const loaded = await loadDutyTable(systemContext(runtime), parsed.table);
        if (!loaded.ok) die(`${file}: ${messageFor(loaded.error, 'en', loaded.params)}`);
        const ignored = parsed.ignored.length > 0 ? ` (ignored: ${parsed.ignored.join(', ')})` : '';
        print(
          !!options.json,
          { version: loaded.version, ignored: parsed.ignored },
          `duty table version ${loaded.version} is active${ignored}`,
        );
      }),
    );
  duty
    .command('show')
    .description('print the active duty table (JSON)')
    .action(() =>
      withRuntime(async (runtime) => {
        const active = await activeDutyTable(systemContext(runtime));
        print(true, { version: active.version, table: active.table }, '');
      }),
    );
}
