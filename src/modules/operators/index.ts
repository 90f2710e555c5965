export { auditClientAddressMigration, operatorsMigration } from './schema.ts';
export { hashPassword, verifyPassword, parseHash, passwordProblem, SCRYPT_PARAMETERS, PASSWORD_MIN_LENGTH } from './password.ts';
export { createOperator, disableOperator, listOperators, LOGIN_PATTERN, type OperatorView, type NewOperator } from './accounts.ts';
export { changeOwnPassword, enableOperator, resetPassword } from './credentials.ts';
export { LOCKOUT } from './lockout.ts';
export {
  signIn,
  resumeSession,
  endSession,
  SESSION_IDLE_MS,
  SESSION_ABSOLUTE_MS,
  type Session,
  type SignedIn,
  type SessionOperator,
} from './sessions.ts';
export { recordAudit, listAudit, redactBody, AUDIT_PAGE_SIZE, type AuditEntry, type AuditRow } from './audit.ts';
export { consoleGate } from './gate.ts';
export { auditOfOrder } from './audit-order.ts';
