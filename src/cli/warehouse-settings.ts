import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { systemContext } from '../app.ts';
import { runStorageDay, servicePrices, setServicePrices, setStoragePolicy, storagePolicy } from '../modules/warehouse/index.ts';
import type { Failure } from '../platform/errors.ts';
import { messageFor } from '../platform/errors.ts';
import { die, print, withRuntime } from './helpers.ts';

const readJson = (file: string): unknown => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return die(`${file}: ${(error as Error).message}`);
  }
};

const orDie = <T extends { ok: true }>(result: T | Failure): T => (result.ok ? result : die(messageFor(result.error, 'en', result.params)));

/** `ponte warehouse policy|prices [--set file.json]` and `ponte warehouse storage-run`: as the admin routes, without a server. */
/** Adds its commands to the `ponte warehouse` group (cli/warehouse.ts). */
export function registerWarehouseSettingsCommands(warehouse: Command): void {
  warehouse
    .command('policy')
    .description('print the storage policy, or replace it with a JSON file')
    .option('--set <file>', 'storage policy JSON (the whole document)')
    .action((options: { set?: string }) =>
      withRuntime(async (runtime) => {
        const ctx = systemContext(runtime);
        const policy = options.set ? orDie(await setStoragePolicy(ctx, readJson(options.set))).policy : await storagePolicy(ctx);
        process.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
      }),
    );
  warehouse
    .command('prices')
    .description('print the value-added service prices, or replace them with a JSON file')
    .option('--set <file>', 'price list JSON (an array of rows)')
    .action((options: { set?: string }) =>
      withRuntime(async (runtime) => {
        const ctx = systemContext(runtime);
        const prices = options.set ? orDie(await setServicePrices(ctx, readJson(options.set))).prices : await servicePrices(ctx);
        process.stdout.write(`${JSON.stringify(prices, null, 2)}\n`);
      }),
    );
  warehouse
    .command('storage-run')
    .description('run the daily storage job now for the (sandbox) clock’s warehouse day; progress on stderr')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      withRuntime(async (runtime) => {
        const ctx = systemContext(runtime);
        const counts = await runStorageDay(ctx, {
          onProgress: (c) => process.stderr.write(`storage: ${c.parcels} parcels, ${c.charged} days charged, ${c.unpaid} owed\n`),
        });
        const human = Object.entries(counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
        print(!!options.json, { ...counts }, `storage run: ${human}`);
      }),
    );
}
