import { InvalidArgumentError, type Command } from 'commander';
import { systemContext } from '../app.ts';
import {
  dispatchShipment,
  readShipment,
  startPacking,
  trackShipment,
  TRACKING_STATUSES,
  weighShipment,
  type StepResult,
  type TrackingStatus,
} from '../modules/warehouse/index.ts';
import type { SystemCtx } from '../platform/context.ts';
import { SYSTEM_SCOPE } from '../platform/db/index.ts';
import { messageFor } from '../platform/errors.ts';
import { die, integerArg, print, withRuntime, sizeArg } from './helpers.ts';

function statusArg(value: string): TrackingStatus {
  const status = value.toUpperCase();
  if (!(TRACKING_STATUSES as readonly string[]).includes(status))
    throw new InvalidArgumentError(`"${value}" is not one of ${TRACKING_STATUSES.join(', ')}`);
  return status as TrackingStatus;
}

/** Runs one operator step and prints the shipment it leaves (its state, money and tracking). */
function step(json: boolean | undefined, run: (ctx: SystemCtx) => Promise<StepResult>): Promise<void> {
  return withRuntime(async (runtime) => {
    const ctx = systemContext(runtime);
    const done = await run(ctx);
    if (!done.ok) die(messageFor(done.error, 'en', done.params));
    const read = await readShipment(ctx, done.shipment.shipment_id, SYSTEM_SCOPE);
    if (!read.ok) die(messageFor(read.error, 'en', read.params));
    const s = read.shipment;
    const money = `estimate ${s.estimateFen} fen, actual ${s.actualFen ?? '-'}, supplementary ${s.supplementaryFen}, refunded ${s.refundedFen}`;
    print(!!json, s as unknown as Record<string, unknown>, `${s.logisticsOrderId} ${s.state} (${money})`);
  });
}

/** `ponte warehouse pack|weigh|dispatch|track`: the operator's steps of POST /admin/warehouse/shipments/*. */
/** Adds its commands to the `ponte warehouse` group (cli/warehouse.ts). */
export function registerWarehouseShipmentCommands(warehouse: Command): void {
  warehouse
    .command('pack')
    .description('start packing a booked shipment (REQUESTED → PACKING)')
    .argument('<logisticsOrderId>')
    .option('--json', 'print JSON')
    .action((id: string, o: { json?: boolean }) => step(o.json, (ctx) => startPacking(ctx, { shipmentId: id, actor: 'operator' })));
  warehouse
    .command('weigh')
    .description('weigh a packed shipment; the real freight settles the prepaid one')
    .argument('<logisticsOrderId>')
    .requiredOption('--weight <grams>', 'weight in grams', integerArg)
    .requiredOption('--size <LxWxH>', 'sides in cm, e.g. 40x30x20', sizeArg)
    .option('--json', 'print JSON')
    .action((id: string, o: { weight: number; size: [number, number, number]; json?: boolean }) =>
      step(o.json, (ctx) =>
        weighShipment(ctx, {
          shipmentId: id,
          weightGrams: o.weight,
          lengthCm: o.size[0],
          widthCm: o.size[1],
          heightCm: o.size[2],
          actor: 'operator',
        }),
      ),
    );
  warehouse
    .command('dispatch')
    .description('hand a paid shipment to the carrier (PAID → DISPATCHED)')
    .argument('<logisticsOrderId>')
    .requiredOption('--carrier <name>', 'the international carrier')
    .requiredOption('--tracking <number>', 'its tracking number')
    .option('--json', 'print JSON')
    .action((id: string, o: { carrier: string; tracking: string; json?: boolean }) =>
      step(o.json, (ctx) => dispatchShipment(ctx, { shipmentId: id, carrier: o.carrier, trackingNumber: o.tracking, actor: 'operator' })),
    );
  warehouse
    .command('track')
    .description(`record a tracking update (${TRACKING_STATUSES.join('|')})`)
    .argument('<logisticsOrderId>')
    .requiredOption('--status <status>', 'IN_TRANSIT, CUSTOMS_HELD, RELEASED, DELIVERED, RETURNED or LOST', statusArg)
    .option('--description <text>', 'what happened', 'tracking update')
    .option('--json', 'print JSON')
    .action((id: string, o: { status: TrackingStatus; description: string; json?: boolean }) =>
      step(o.json, (ctx) => trackShipment(ctx, { shipmentId: id, status: o.status, description: o.description, actor: 'operator' })),
    );
}
