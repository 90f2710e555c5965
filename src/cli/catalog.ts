import type { Command } from 'commander';
import { sandboxIdSecret } from '../sources/sandbox/build.ts';
import { importCatalogFile } from '../sources/sandbox/store/import.ts';
import { die, print, withRuntime } from './helpers.ts';

/** A progress line every this many input lines; imports run at URL-fetch speed, so seconds apart. */
const PROGRESS_EVERY = 1000;

export function registerCatalogCommands(program: Command): void {
  const catalog = program.command('catalog').description('real products in the sandbox marketplace');
  catalog
    .command('import')
    .description('import products from a JSONL file (docs/catalog-import.md); bad lines are reported and skipped')
    .argument('<file>', 'JSONL file, one product per line')
    .option('--json', 'print one JSON object')
    .action((file: string, options: { json?: boolean }) =>
      withRuntime(async (runtime) => {
        const started = Date.now();
        const report = await importCatalogFile(runtime.db, file, {
          secret: sandboxIdSecret(runtime.masterKey),
          onSkip: ({ line, reason }) => process.stderr.write(`line ${line}: ${reason}\n`),
          onLine: ({ line, imported, updated, skipped }) => {
            if (line % PROGRESS_EVERY === 0)
              process.stderr.write(`read ${line} lines: ${imported} imported, ${updated} updated, ${skipped} skipped\n`);
          },
        });
        // die() exits at once; the runtime's database handle goes with the process.
        if (!report.ok) die(report.reason);
        const { imported, updated, skipped } = report;
        const seconds = (Date.now() - started) / 1000;
        print(
          !!options.json,
          { imported, updated, skipped, seconds },
          `imported ${imported}, updated ${updated}, skipped ${skipped.length} line(s) from ${file} (${seconds.toFixed(1)} s)`,
        );
      }),
    );
}
