import type { Command } from 'commander';
import { systemContext } from '../app.ts';
import { topUp, walletSummary } from '../modules/wallet/index.ts';
import { messageFor } from '../platform/errors.ts';
import { MAX_WALLET_FEN } from '../platform/money.ts';
import { die, integerArg, print, withRuntime } from './helpers.ts';

/** `ponte wallet topup|show`: the operator's side of the prepaid wallet (amounts in fen). */
export function registerWalletCommands(program: Command): void {
  const wallet = program.command('wallet').description('developer wallets (prepaid balance, fen)');
  wallet
    .command('topup')
    .description('credit money received outside Ponte to a developer wallet')
    .requiredOption('--developer <id>', 'developer id')
    .requiredOption('--amount <fen>', `amount in fen (分), 1–${MAX_WALLET_FEN}`, integerArg)
    .option('--note <text>', 'note shown in the ledger')
    .option('--json', 'print JSON')
    .action((options: { developer: string; amount: number; note?: string; json?: boolean }) =>
      withRuntime(async (runtime) => {
        const input = {
          developerId: options.developer,
          amountFen: options.amount,
          ...(options.note !== undefined ? { note: options.note } : {}),
        };
        const result = await topUp(systemContext(runtime), input);
        if (!result.ok)
          die(result.error === 'NOT_FOUND' ? `developer ${options.developer} not found` : messageFor(result.error, 'en', result.params));
        print(!!options.json, { balance: result.balanceFen }, `balance: ${result.balanceFen} fen`);
      }),
    );
  wallet
    .command('show')
    .description('balance and number of ledger entries of a developer wallet')
    .requiredOption('--developer <id>', 'developer id')
    .option('--json', 'print JSON')
    .action((options: { developer: string; json?: boolean }) =>
      withRuntime(async (runtime) => {
        const summary = await walletSummary(systemContext(runtime), options.developer);
        if (!summary.ok) die(`developer ${options.developer} not found`);
        print(
          !!options.json,
          { balance: summary.balanceFen, entries: summary.entries },
          `balance: ${summary.balanceFen} fen\nentries: ${summary.entries}`,
        );
      }),
    );
}
