import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { systemContext } from '../app.ts';
import { dutyFxNeeds } from '../modules/duty/index.ts';
import { loadFxSnapshot, loadRateCard } from '../modules/freight/index.ts';
import { messageFor } from '../platform/errors.ts';
import { die, print, withRuntime } from './helpers.ts';

/** `ponte freight load-card FILE | load-fx FILE`: the same loaders as POST /admin/freight/*, without a deploy. */
export function registerFreightCommands(program: Command): void {
  const freight = program.command('freight').description('international freight: rate cards and FX snapshots');
  const readJson = (file: string): unknown => {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      return die(`${file}: ${(error as Error).message}`);
    }
  };
  freight
    .command('load-card')
    .description('validate and store a rate card (JSON); it quotes within its [effectiveFrom, effectiveTo)')
    .argument('<file>', 'rate card JSON file')
    .option('--json', 'print JSON')
    .action((file: string, options: { json?: boolean }) =>
      withRuntime(async (runtime) => {
        const loaded = await loadRateCard(systemContext(runtime), readJson(file));
        if (!loaded.ok) die(messageFor(loaded.error, 'en', loaded.params));
        print(
          !!options.json,
          { version: loaded.version, channels: loaded.channels },
          `stored rate card: ${loaded.version} (${loaded.channels} channels)`,
        );
      }),
    );
  freight
    .command('load-fx')
    .description('validate and store a dated FX snapshot (JSON: asOf, source, perCny); it applies from asOf')
    .argument('<file>', 'FX snapshot JSON file')
    .option('--json', 'print JSON')
    .action((file: string, options: { json?: boolean }) =>
      withRuntime(async (runtime) => {
        const loaded = await loadFxSnapshot(systemContext(runtime), readJson(file), dutyFxNeeds);
        if (!loaded.ok) die(messageFor(loaded.error, 'en', loaded.params));
        print(!!options.json, { asOf: loaded.asOf }, `stored FX snapshot: ${loaded.asOf}`);
      }),
    );
}
