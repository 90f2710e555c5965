export { parseProductLink, type ParsedLink } from './links.ts';
export { anyManual, createSource, manualPlatforms, warehouseFloorOf, withSources, type SourceKinds } from './source.ts';
export { addProductFromLink, type AddedProduct, type ProductFromLink } from './from-link.ts';
