/** Full-text search support shared by the SQLite and PostgreSQL stores. */
export {
  analyzeForIndex,
  analyzeQuery,
  decodeFtsToken,
  encodeFtsToken,
  facetToken,
  foldDiacritics,
  toFtsDocument,
  toFtsMatchQuery,
  toTsQuery,
} from './analyze.ts';
