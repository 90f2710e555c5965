export { addressesMigration } from './schema.ts';
export { saveAddress, listAddresses, getAddress, deleteAddress, type Address } from './service.ts';
