export { parseProductLink, type ParsedLink } from './links.ts';
export { anyManual, createSource, manualPlatforms, warehouseFloorOf, withSources, type SourceKinds } from './source.ts';
export { addProductFromLink, type AddedProduct, LinkSku, type ProductFromLink } from './from-link.ts';
