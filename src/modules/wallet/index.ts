export { walletMigration, TRANSACTION_KINDS } from './schema.ts';
export { topUp, adjust } from './topup.ts';
export { chargeWallet, refundToWallet } from './charge.ts';
export { getBalance, listEntries, ledgerCheck, walletSummary, walletTotals, type LedgerLine } from './read.ts';
