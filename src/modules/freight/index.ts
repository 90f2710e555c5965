export { freightMigration } from './schema.ts';
export { CARGO_ATTRIBUTES, CARGO_CLASSES, SERVICE_CATEGORIES, RateCard, FxSnapshot, type CargoAttribute } from './card-schema.ts';
export { activeRateCard, activeFx, loadRateCard, loadFxSnapshot, parseRateCard, sampleRateCard, sampleFxSnapshot } from './store.ts';
// Effective dates and the one FX store (the duty module converts with it).
export { rateCardAt, listRateCards, fxOn, storedFx, serializeOnFx, type FxNeeds, type ListedCard } from './store.ts';
export { quoteParcel, compileCard, EXCLUSION_REASONS, type Quote, type FreightOption, type Excluded, type Parcel } from './quote.ts';
export { chargeableGrams, billedGrams, volumetricGrams, tierFor, tierMilli, surchargeMilli } from './pricing.ts';
export { compileFx, convertMinor, type Fx } from './fx.ts';
export { estimateParcel, cartonSides, CM3_PER_GRAM } from './parcel.ts';
export {
  quoteLines,
  renderFreight,
  findRender,
  isCountry,
  MAX_FREIGHT_QUANTITY,
  MAX_RENDER_LINES,
  RENDER_LIFETIME_MS,
  RENDER_ID,
  type FreightLine,
  type FreightRequest,
  type StoredRender,
} from './service.ts';
