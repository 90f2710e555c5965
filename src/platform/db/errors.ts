/** The driver's "a row already holds this primary key" (PostgreSQL names the constraint <table>_pkey). */
export function isPrimaryKeyViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || (code === '23505' && typeof constraint === 'string' && constraint.endsWith('_pkey'));
}

/** SQLite's "another process held the write lock longer than busy_timeout" (nothing was written). */
export function isDatabaseBusy(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
