import type { Command } from 'commander';
import { CatalogBuild } from '../sources/sandbox/build.ts';
import { durationArg, integerArg, print, withRuntime } from './helpers.ts';
import { systemContext } from '../app.ts';
import { advanceSandbox } from '../modules/fulfilment/index.ts';
import { createSource, warehouseFloorOf } from '../sources/manual/index.ts';

/** Progress on a TTY as one rewritten line, otherwise a plain line every 5 %. */
function progressReporter(): (done: number, total: number) => void {
  const started = Date.now();
  let lastPercent = -1;
  return (done, total) => {
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round((percent / 100) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}% ${done}/${total} (${rate}/s)`);
      if (done === total) process.stderr.write('\n');
    } else if (percent >= lastPercent + 5 || done === total) {
      lastPercent = percent;
      const left = rate > 0 && done < total ? `, ${Math.round((total - done) / rate)} s left` : '';
      process.stderr.write(`generated ${done}/${total} products (${percent}%, ${rate}/s${left})\n`);
    }
  };
}

export function registerSandboxCommands(program: Command): void {
  const sandbox = program.command('sandbox').description('the built-in sandbox marketplace');
  sandbox
    .command('advance')
    .description('move the sandbox clock forward and run every simulated seller action that became due')
    .argument('<duration>', 'e.g. 30m, 2h, 1d', durationArg)
    .option('--json', 'print JSON')
    .action((ms: number, options: { json?: boolean }) =>
      withRuntime(async (runtime) => {
        const ctx = systemContext(runtime);
        const source = await createSource(runtime.db, runtime.config);
        const done = await advanceSandbox(ctx, runtime.clock, source, ms, warehouseFloorOf(runtime.config, source));
        const out = {
          now: new Date(done.nowMs).toISOString(),
          offsetMs: runtime.clock.offset,
          planned: done.planned,
          ran: done.ran,
          refundActions: done.refundActions,
        };
        print(
          !!options.json,
          out,
          `sandbox time ${out.now} (offset ${out.offsetMs} ms); since the clock moved: planned ${done.planned} order phases, ran ${done.ran} seller actions, ${done.refundActions} after-sales moves (by any process)`,
        );
      }),
    );
  sandbox
    .command('generate')
    .description('generate (or resume) the deterministic sandbox catalog up to N products')
    .requiredOption('--products <n>', 'catalog size', integerArg)
    .option('--seed <s>', 'generator seed (default 1; fixed once the catalog exists)', integerArg)
    .option('--json', 'print JSON')
    .action((options: { products: number; seed?: number; json?: boolean }) =>
      withRuntime(async (runtime) => {
        const started = Date.now();
        // No live image index in this process: a running server loads the new vectors itself.
        const status = await new CatalogBuild().run(runtime.db, {
          seed: options.seed ?? 1,
          strictSeed: options.seed !== undefined,
          products: options.products,
          masterKey: runtime.masterKey,
          onProgress: progressReporter(),
        });
        const seconds = (Date.now() - started) / 1000;
        print(!!options.json, { products: status.total, seconds }, `catalog holds ${status.total} products (${seconds.toFixed(1)} s)`);
      }),
    );
}
