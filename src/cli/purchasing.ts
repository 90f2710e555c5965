import type { Command } from 'commander';
import { systemContext } from '../app.ts';
import {
  cancelPurchase,
  PURCHASE_TASK_STATES,
  type PurchaseTaskState,
  purchaseQueue,
  QUEUE_PAGE,
  queuePaidOrders,
  recordPurchase,
  recordShipment,
  recordStockOut,
  type TaskResult,
  type TaskView,
} from '../modules/purchasing/index.ts';
import { codeOf, messageFor } from '../platform/errors.ts';
import type { Runtime } from '../runtime.ts';
import { manualPlatforms } from '../sources/manual/index.ts';
import { die, integerArg, print, withRuntime } from './helpers.ts';

/*
 * `ponte purchasing queue|purchase|ship|stock-out|cancel`: the purchasing queue of manual platforms
 * (docs/decisions/018), the same service calls as /admin/purchasing/*, recorded with actor `operator`.
 */

const WHO = 'operator';

function human(t: TaskView): string {
  const paid = t.paidFen === null ? '' : ` paid ${t.paidFen} fen (${t.marketplaceOrderNo})`;
  const shipped = t.trackingNumber === null ? '' : ` ${t.carrier} ${t.trackingNumber}`;
  return `${t.orderId} ${t.platform} ${t.state} charged ${t.chargedFen} fen${paid}${shipped}`;
}

function act(json: boolean | undefined, run: (runtime: Runtime) => Promise<TaskResult>) {
  return withRuntime(async (runtime) => {
    const done = await run(runtime);
    if (!done.ok) die(`[${codeOf(done.error)}] ${messageFor(done.error, 'en', done.params)}`);
    print(!!json, { task: done.task }, human(done.task));
  });
}

const linesArg = (value: string): number[] => value.split(',').map((n) => integerArg(n.trim()));

export function registerPurchasingCommands(program: Command): void {
  const purchasing = program.command('purchasing').description('the purchasing queue of manual platforms (actor operator)');
  registerQueueCommand(purchasing);
  registerBuyCommands(purchasing);
  registerEndCommands(purchasing);
}

function registerQueueCommand(purchasing: Command): void {
  purchasing
    .command('queue')
    .description('queue paid orders not queued yet, then list the tasks, oldest first')
    .option('--state <state>', `one of ${PURCHASE_TASK_STATES.join(', ')}`)
    .option('--page <n>', 'page, from 1', integerArg, 1)
    .option('--json', 'print JSON')
    .action((o: { state?: string; page: number; json?: boolean }) =>
      withRuntime(async (runtime) => {
        if (o.state !== undefined && !(PURCHASE_TASK_STATES as readonly string[]).includes(o.state))
          die(`--state must be one of ${PURCHASE_TASK_STATES.join(', ')}`);
        const ctx = systemContext(runtime, 'cli');
        await queuePaidOrders(ctx, manualPlatforms(runtime.config.sources));
        const page = await purchaseQueue(ctx, {
          state: o.state as PurchaseTaskState | undefined,
          page: o.page,
          pageSize: QUEUE_PAGE.defaultSize,
        });
        print(!!o.json, page, [`${page.total} task(s)`, ...page.rows.map(human)].join('\n'));
      }),
    );
}

/** The operator bought the order and the seller shipped it. */
function registerBuyCommands(purchasing: Command): void {
  purchasing
    .command('purchase')
    .description('record the marketplace order number and the price actually paid (fen)')
    .argument('<orderId>')
    .requiredOption('--order-no <no>', 'the marketplace order number')
    .requiredOption('--paid-fen <fen>', 'what was paid, goods and domestic shipping', integerArg)
    .option('--note <text>', 'kept in the task history')
    .option('--json', 'print JSON')
    .action((orderId: string, o: { orderNo: string; paidFen: number; note?: string; json?: boolean }) =>
      act(o.json, (runtime) =>
        recordPurchase(
          systemContext(runtime, 'cli'),
          { orderId, marketplaceOrderNo: o.orderNo, paidFen: o.paidFen },
          { actor: WHO, note: o.note },
          runtime.config.purchaseTolerance,
        ),
      ),
    );
  purchasing
    .command('ship')
    .description('record the domestic carrier and tracking number: the order ships')
    .argument('<orderId>')
    .requiredOption('--carrier <name>')
    .requiredOption('--tracking <no>')
    .option('--note <text>')
    .option('--json', 'print JSON')
    .action((orderId: string, o: { carrier: string; tracking: string; note?: string; json?: boolean }) =>
      act(o.json, (runtime) =>
        recordShipment(
          systemContext(runtime, 'cli'),
          { orderId, carrier: o.carrier, trackingNumber: o.tracking },
          { actor: WHO, note: o.note },
        ),
      ),
    );
}

/** The marketplace cannot supply (some lines, or the whole order). */
function registerEndCommands(purchasing: Command): void {
  purchasing
    .command('stock-out')
    .description('refund lines the marketplace cannot supply (the last one closes the order)')
    .argument('<orderId>')
    .requiredOption('--lines <n,n>', 'line numbers, comma separated', linesArg)
    .option('--note <text>')
    .option('--json', 'print JSON')
    .action((orderId: string, o: { lines: number[]; note?: string; json?: boolean }) =>
      act(o.json, (runtime) => recordStockOut(systemContext(runtime, 'cli'), { orderId, lineNos: o.lines }, { actor: WHO, note: o.note })),
    );
  purchasing
    .command('cancel')
    .description('give up: the order is closed and refunded')
    .argument('<orderId>')
    .option('--reason <text>', 'default price_changed under price review')
    .option('--note <text>')
    .option('--json', 'print JSON')
    .action((orderId: string, o: { reason?: string; note?: string; json?: boolean }) =>
      act(o.json, (runtime) => cancelPurchase(systemContext(runtime, 'cli'), { orderId, reason: o.reason }, { actor: WHO, note: o.note })),
    );
}
