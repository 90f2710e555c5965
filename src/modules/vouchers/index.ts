export { vouchersMigration } from './schema.ts';
export { VOUCHER_MAX_BYTES, VOUCHER_MAX_PIXELS, reencodeVoucher, type EncodedVoucher } from './image.ts';
export { storeVoucher, readVoucherImage, ownedVoucherIds, VOUCHER_ID, type VoucherView } from './store.ts';
