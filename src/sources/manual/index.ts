export { parseProductLink, type ParsedLink } from './links.ts';
export { anyManual, createSource, manualPlatforms, warehouseFloorOf, withSources, type SourceKinds } from './source.ts';
