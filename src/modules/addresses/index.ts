export {
  saveAddress,
  listAddresses,
  getAddress,
  deleteAddress,
  MAX_ADDRESSES_PER_USER,
  type Address,
  type AddressFields,
} from './service.ts';
export { addressesMigration } from './schema.ts';
