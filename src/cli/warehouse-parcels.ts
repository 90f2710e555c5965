import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { systemContext } from '../app.ts';
import { getParcelSystem, recordQc, scanParcel, type ParcelView, type ProblemKind } from '../modules/warehouse/index.ts';
import { codeOf, messageFor, type Failure } from '../platform/errors.ts';
import { die, integerArg, print, withRuntime, sizeArg } from './helpers.ts';

/*
 * `ponte warehouse scan|qc|parcel`: the warehouse floor from a terminal, actor `operator`, the
 * same service calls as /admin/warehouse/parcels/*.
 */

const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

function refusal(failure: Failure): never {
  die(`[${codeOf(failure.error)}] ${messageFor(failure.error, 'en', failure.params)}`);
}

function human(p: ParcelView): string {
  const size = p.lengthCm === null ? '-' : `${p.lengthCm}×${p.widthCm}×${p.heightCm} cm`;
  return [
    `parcel ${p.parcelId} ${p.state} (${p.origin}${p.orderId ? ` order ${p.orderId}` : ''}${p.tmallOrderId ? ` tmall ${p.tmallOrderId}` : ''})`,
    `tracking: ${p.carrier} ${p.trackingNumber}; received ${iso(p.receivedAt)}; stored ${iso(p.storedAt)}`,
    `weight: ${p.weightGrams ?? '-'} g; size ${size}; QC ${p.qcResult ?? '-'}${p.problemKind ? ` (${p.problemKind})` : ''}`,
    `storage: ${p.storage.daysStored ?? '-'} days; free until ${p.storage.freeUntilDate ?? '-'}; fees ${p.storage.feeFen} fen, unpaid ${p.storage.unpaidFen} fen`,
    `photos: ${p.photos.length} (${p.extraPhotos} extra bought); lines: ${p.lines.map((l) => `${l.itemId}/${l.skuId}×${l.quantity}`).join(', ')}`,
  ].join('\n');
}

/** Adds its commands to the `ponte warehouse` group (cli/warehouse.ts). */
export function registerWarehouseParcelCommands(warehouse: Command): void {
  registerScanCommand(warehouse);
  registerQcCommand(warehouse);
  warehouse
    .command('parcel')
    .description('show a parcel: state, measurements, photos, storage, history')
    .argument('<parcelId>')
    .option('--json', 'print JSON')
    .action((parcelId: string, o: { json?: boolean }) => withRuntime((runtime) => show(systemContext(runtime, 'cli'), parcelId, !!o.json)));
}

function registerScanCommand(warehouse: Command): void {
  warehouse
    .command('scan')
    .description('scan a parcel at the door: an expected parcel is received, an unknown number kept as unmatched')
    .argument('<trackingNumber>')
    .option('--weight <grams>', 'weight on the scale', integerArg)
    .option('--carrier <name>', 'domestic carrier')
    .option('--json', 'print JSON')
    .action((trackingNumber: string, o: { weight?: number; carrier?: string; json?: boolean }) =>
      withRuntime(async (runtime) => {
        const done = await scanParcel(systemContext(runtime, 'cli'), {
          trackingNumber,
          actor: 'operator',
          ...(o.weight !== undefined ? { weightGrams: o.weight } : {}),
          ...(o.carrier ? { carrier: o.carrier } : {}),
        });
        if (!done.ok) refusal(done);
        const id = 'parcel' in done ? done.parcel.parcel_id : done.scan.scanId;
        const state = 'parcel' in done ? done.parcel.state : done.scan.state;
        print(!!o.json, { outcome: done.outcome, id, state }, `${trackingNumber}: ${done.outcome} (${id} ${state})`);
      }),
    );
}

function registerQcCommand(warehouse: Command): void {
  warehouse
    .command('qc')
    .description('record the QC of a received parcel: --pass (→ STORED) or --issue (→ PROBLEM)')
    .argument('<parcelId>')
    .option('--pass', 'the goods are as declared')
    .option('--issue <kind>', 'wrong | damaged | missing')
    .requiredOption('--weight <grams>', 'weight', integerArg)
    .requiredOption('--size <LxWxH>', 'sides in cm, e.g. 40x30x20', sizeArg)
    .option('--note <text>', 'what the operator saw')
    .option('--photo <file...>', 'jpg or png photos')
    .option('--json', 'print JSON')
    .action((parcelId: string, o: QcOptions) =>
      withRuntime(async (runtime) => {
        if (!!o.pass === (o.issue !== undefined)) die('give exactly one of --pass and --issue <kind>');
        const photos = (o.photo ?? []).map((file) => readFileSync(file));
        const ctx = systemContext(runtime, 'cli');
        const [lengthCm, widthCm, heightCm] = o.size;
        const done = await recordQc(ctx, {
          parcelId,
          result: o.pass ? 'pass' : 'issue',
          weightGrams: o.weight,
          lengthCm,
          widthCm,
          heightCm,
          photos,
          actor: 'operator',
          ...(o.issue !== undefined ? { problemKind: o.issue as ProblemKind } : {}),
          ...(o.note !== undefined ? { note: o.note } : {}),
        });
        if (!done.ok) refusal(done);
        await show(ctx, parcelId, !!o.json);
      }),
    );
}

interface QcOptions {
  pass?: boolean;
  issue?: string;
  weight: number;
  size: [number, number, number];
  note?: string;
  photo?: string[];
  json?: boolean;
}

async function show(ctx: ReturnType<typeof systemContext>, parcelId: string, json: boolean): Promise<void> {
  const found = await getParcelSystem(ctx, parcelId);
  if (!found.ok) refusal(found);
  print(json, { parcel: found.parcel }, human(found.parcel));
}
