export { parseProductLink, type ParsedLink } from './links.ts';
