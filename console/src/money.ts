/** Money arrives in integer fen; it is shown in yuan with every fen, and typed back in yuan. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** "12.3" → 1230; null when the text is not an amount in yuan with at most two decimals. */
export function parseYuan(text: string): number | null {
  const match = /^\s*(-)?(\d{1,12})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  const fen = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -fen : fen;
}

/** Business times are China times (the marketplace's and the warehouse's day). */
const CHINA_TIME = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' });

export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return CHINA_TIME.format(new Date(ms));
}
