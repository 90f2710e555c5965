import type { Command } from 'commander';
import { systemContext } from '../app.ts';
import {
  getRefundSystem,
  invalidRefundTimers,
  refundTimers,
  saveRefundReason,
  sellerAgree,
  sellerConfirmReceipt,
  sellerMessage,
  sellerRefundEvents,
  sellerRefuse,
  setRefundTimers,
  type RefundKind,
  type RefundPlatform,
  type RefundTimers,
  type RefundView,
} from '../modules/aftersales/index.ts';
import { codeOf, messageFor, type Failure } from '../platform/errors.ts';
import type { Runtime } from '../runtime.ts';
import { die, integerArg, print, withRuntime } from './helpers.ts';

/*
 * `ponte refund agree|refuse|receive|message|show|timers|reason`: the operator acting as the seller of any
 * refund (actor `operator`) and the after-sales settings. The same service calls as the admin routes.
 */

const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

function refusal(refundId: string, failure: Failure): never {
  const text = failure.error === 'NOT_FOUND' ? `refund ${refundId} not found` : messageFor(failure.error, 'en', failure.params);
  die(`[${codeOf(failure.error)}] ${text}`);
}

function human(r: RefundView): string {
  return [
    `refund ${r.refundId} (${r.platform}) order ${r.orderId} lines ${r.lines.map((l) => l.lineNo).join(',')}`,
    `status: ${r.status} (${r.kind}, goods ${r.goodsStatus})`,
    `applied: ${r.applyFen} fen + carriage ${r.applyCarriageFen} fen; refunded: ${r.refundedFen} fen`,
    `reason: ${r.reasonId} ${r.reasonText}`,
    `timer: ${r.timeoutType ?? '-'} at ${iso(r.timeoutAt)}`,
    ...(r.returnAddress ? [`return to: ${r.returnAddress.receiver} ${r.returnAddress.phone} ${r.returnAddress.detailAddress}`] : []),
    ...(r.refuseReason ? [`refused (${r.refuseTimes}×): ${r.refuseReason}`] : []),
  ].join('\n');
}

/** Runs one seller action on the CLI's database and prints the refund it left. */
function act(json: boolean | undefined, refundId: string, run: (runtime: Runtime) => Promise<{ ok: true; refund: RefundView } | Failure>) {
  return withRuntime(async (runtime) => {
    const done = await run(runtime);
    if (!done.ok) refusal(refundId, done);
    print(!!json, { refund: done.refund }, human(done.refund));
  });
}

export function registerRefundCommands(program: Command): void {
  const refund = program.command('refund').description('after-sales refunds: act as the seller (actor operator), timers, reasons');
  for (const declare of [agreeCommand, refuseCommand, receiveCommand, messageCommand, showCommand, timersCommand, reasonCommand])
    declare(refund);
}

const agreeCommand = (refund: Command) =>
  refund
    .command('agree')
    .description('agree as the seller: refund only → refunded to the wallet; return and refund → the return address is published')
    .argument('<refundId>')
    .option('--receiver <name>', 'return address: receiver (return and refund)')
    .option('--phone <phone>', 'return address: phone')
    .option('--address <text>', 'return address: full address')
    .option('--note <text>', 'note to the buyer')
    .option('--json', 'print JSON')
    .action((refundId: string, o: { receiver?: string; phone?: string; address?: string; note?: string; json?: boolean }) =>
      act(o.json, refundId, async (runtime) => {
        const given = [o.receiver, o.phone, o.address].filter((v) => v !== undefined).length;
        if (given !== 0 && given !== 3) die('a return address needs --receiver, --phone and --address together');
        const address = given === 3 ? { receiver: o.receiver!, phone: o.phone!, detailAddress: o.address! } : undefined;
        return sellerAgree(systemContext(runtime, 'cli'), refundId, {
          actor: 'operator',
          ...(address ? { address } : {}),
          ...(o.note !== undefined ? { note: o.note } : {}),
        });
      }),
    );

const refuseCommand = (refund: Command) =>
  refund
    .command('refuse')
    .description('refuse as the seller (the application, or the returned parcel after inspection)')
    .argument('<refundId>')
    .requiredOption('--reason <text>', 'why (shown to the buyer)')
    .option('--image <url...>', 'evidence image URLs')
    .option('--json', 'print JSON')
    .action((refundId: string, o: { reason: string; image?: string[]; json?: boolean }) =>
      act(o.json, refundId, (runtime) =>
        sellerRefuse(systemContext(runtime, 'cli'), refundId, {
          actor: 'operator',
          reason: o.reason,
          ...(o.image ? { images: o.image } : {}),
        }),
      ),
    );

const receiveCommand = (refund: Command) =>
  refund
    .command('receive')
    .description('confirm the returned parcel as the seller and refund to the wallet')
    .argument('<refundId>')
    .option('--json', 'print JSON')
    .action((refundId: string, o: { json?: boolean }) =>
      act(o.json, refundId, (runtime) => sellerConfirmReceipt(systemContext(runtime, 'cli'), refundId, { actor: 'operator' })),
    );

const messageCommand = (refund: Command) =>
  refund
    .command('message')
    .description('write a message on an open application as the seller (no state change, no callback)')
    .argument('<refundId>')
    .option('--text <text>', 'the message', '')
    .option('--image <url...>', 'image URLs')
    .option('--json', 'print JSON')
    .action((refundId: string, o: { text: string; image?: string[]; json?: boolean }) =>
      withRuntime(async (runtime) => {
        const done = await sellerMessage(systemContext(runtime, 'cli'), refundId, {
          actor: 'operator',
          text: o.text,
          images: o.image ?? [],
        });
        if (!done.ok) refusal(refundId, done);
        print(!!o.json, { event: done.event }, `message ${done.event.id} on refund ${refundId} (${done.event.refundAction})`);
      }),
    );

const showCommand = (refund: Command) =>
  refund
    .command('show')
    .description('a refund and its events, oldest first')
    .argument('<refundId>')
    .option('--json', 'print JSON')
    .action((refundId: string, o: { json?: boolean }) =>
      withRuntime(async (runtime) => {
        const ctx = systemContext(runtime, 'cli');
        const found = await getRefundSystem(ctx, refundId);
        if (!found.ok) refusal(refundId, found);
        const events = await sellerRefundEvents(ctx, refundId);
        if (!events.ok) refusal(refundId, events);
        const lines = events.events.map(
          (e) => `${iso(e.at)} ${e.actor} ${e.action} ${e.fromState ?? '-'} → ${e.toState}${e.note ? `: ${e.note}` : ''}`,
        );
        print(!!o.json, { refund: found.refund, events: events.events }, [human(found.refund), 'events:', ...lines].join('\n'));
      }),
    );

const TIMER_OPTIONS = [
  ['--seller-respond <hours>', 'sellerRespondHours'],
  ['--buyer-modify <hours>', 'buyerModifyHours'],
  ['--buyer-return-ship <hours>', 'buyerReturnShipHours'],
  ['--seller-receive <hours>', 'sellerReceiveHours'],
] as const;

function timersCommand(refund: Command): void {
  const timers = refund.command('timers').description('read or set the after-sales timer durations (hours)');
  for (const [flag, key] of TIMER_OPTIONS) timers.option(flag, key, integerArg);
  timers.option('--json', 'print JSON').action((o: Partial<RefundTimers> & Record<string, unknown>) =>
    withRuntime(async (runtime) => {
      const ctx = systemContext(runtime, 'cli');
      const next: RefundTimers = { ...(await refundTimers(ctx)) };
      const camel = (flag: string) => flag.slice(2, flag.indexOf(' ')).replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
      let changed = false;
      for (const [flag, key] of TIMER_OPTIONS) {
        const value = o[camel(flag)];
        if (typeof value !== 'number') continue;
        next[key] = value;
        changed = true;
      }
      const invalid = changed ? invalidRefundTimers(next) : null;
      if (invalid) die(`[${codeOf(invalid.error)}] ${messageFor(invalid.error, 'en', invalid.params)}`);
      if (changed) await setRefundTimers(ctx, next);
      print(!!o.json, { ...next }, TIMER_OPTIONS.map(([, key]) => `${key}: ${next[key]}`).join('\n'));
    }),
  );
}

const reasonCommand = (refund: Command) =>
  refund
    .command('reason')
    .description('add or change a refund reason of the catalogue')
    .requiredOption('--platform <p>', 'taobao or 1688')
    .requiredOption('--id <reasonId>', 'reason id (digits)')
    .requiredOption('--zh <text>', 'Chinese text')
    .requiredOption('--en <text>', 'English text')
    .requiredOption('--kinds <list>', 'refund,return_refund')
    .requiredOption('--goods-statuses <list>', 'goods statuses it applies to, comma-separated')
    .option('--tips <text>', 'tips shown with it', '')
    .option('--need-voucher', 'a voucher image is required')
    .option('--no-carriage', 'freight is not refunded for it')
    .option('--disabled', 'hide it')
    .option('--json', 'print JSON')
    .action((o: ReasonOptions) =>
      withRuntime(async (runtime) => {
        const saved = await saveRefundReason(systemContext(runtime, 'cli'), reasonOf(o));
        if (!saved.ok) die(`[${codeOf(saved.error)}] ${messageFor(saved.error, 'en', saved.params)}`);
        print(!!o.json, { saved: true }, `reason ${o.id} saved`);
      }),
    );

interface ReasonOptions {
  platform: string;
  id: string;
  zh: string;
  en: string;
  kinds: string;
  goodsStatuses: string;
  tips: string;
  needVoucher?: boolean;
  carriage: boolean;
  disabled?: boolean;
  json?: boolean;
}

function reasonOf(o: ReasonOptions) {
  if (o.platform !== 'taobao' && o.platform !== '1688') die('--platform must be taobao or 1688');
  if (!/^\d{1,12}$/.test(o.id)) die('--id must be digits');
  const kinds = o.kinds.split(',').map((k) => k.trim());
  if (kinds.length === 0 || kinds.some((k) => k !== 'refund' && k !== 'return_refund')) die('--kinds: refund and/or return_refund');
  return {
    platform: o.platform as RefundPlatform,
    reasonId: o.id,
    text: { zh: o.zh, en: o.en },
    tips: o.tips,
    needVoucher: !!o.needVoucher,
    noRefundCarriage: !o.carriage,
    kinds: kinds as RefundKind[],
    goodsStatuses: o.goodsStatuses
      .split(',')
      .map((g) => g.trim())
      .filter((g) => g !== ''),
    enabled: !o.disabled,
  };
}
