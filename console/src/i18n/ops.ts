import { defineMessages } from './define.ts';

/** The operator console's screens. Keys start with the screen's name. */
export const operatorMessages = defineMessages({
  en: {
    navSandbox: 'Sandbox',
    sandboxClock: 'Business clock',
    sandboxNow: 'Business time now',
    sandboxOffset: 'Ahead of real time',
    sandboxAdvanceBy: 'Advance by (e.g. 30m, 2h, 3d)',
    sandboxAdvance: 'Advance',
    sandboxRan: '{planned} seller actions planned, {ran} done, {refunds} refund actions',
  },
  zh: {
    navSandbox: '沙箱',
    sandboxClock: '业务时钟',
    sandboxNow: '当前业务时间',
    sandboxOffset: '快于真实时间',
    sandboxAdvanceBy: '前进 (例如 30m, 2h, 3d)',
    sandboxAdvance: '前进',
    sandboxRan: '计划卖家动作 {planned} 个, 已执行 {ran} 个, 退款动作 {refunds} 个',
  },
  th: {
    navSandbox: 'แซนด์บ็อกซ์',
    sandboxClock: 'นาฬิกาธุรกิจ',
    sandboxNow: 'เวลาธุรกิจตอนนี้',
    sandboxOffset: 'เร็วกว่าเวลาจริง',
    sandboxAdvanceBy: 'เลื่อนไป (เช่น 30m, 2h, 3d)',
    sandboxAdvance: 'เลื่อน',
    sandboxRan: 'วางแผนการกระทำของผู้ขาย {planned} ทำแล้ว {ran} การคืนเงิน {refunds}',
  },
  vi: {
    navSandbox: 'Sandbox',
    sandboxClock: 'Đồng hồ nghiệp vụ',
    sandboxNow: 'Giờ nghiệp vụ hiện tại',
    sandboxOffset: 'Nhanh hơn giờ thật',
    sandboxAdvanceBy: 'Tiến thêm (vd. 30m, 2h, 3d)',
    sandboxAdvance: 'Tiến',
    sandboxRan: '{planned} hành động người bán đã lên kế hoạch, {ran} đã làm, {refunds} hoàn tiền',
  },
  es: {
    navSandbox: 'Sandbox',
    sandboxClock: 'Reloj de negocio',
    sandboxNow: 'Hora de negocio actual',
    sandboxOffset: 'Adelanto sobre la hora real',
    sandboxAdvanceBy: 'Adelantar (p. ej. 30m, 2h, 3d)',
    sandboxAdvance: 'Adelantar',
    sandboxRan: '{planned} acciones de vendedores previstas, {ran} hechas, {refunds} de reembolso',
  },
});
