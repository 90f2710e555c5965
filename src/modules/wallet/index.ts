export { walletMigration, TRANSACTION_KINDS, type TransactionKind, type WalletTables } from './schema.ts';
export { topUp, adjust, type TopUpInput, type AdjustInput } from './topup.ts';
export { chargeWallet, refundToWallet, type ChargeInput, type RefundInput, type Posted } from './charge.ts';
export { getBalance, listEntries, ledgerCheck, walletSummary, type LedgerLine, type LedgerCheck, type Paging } from './read.ts';
