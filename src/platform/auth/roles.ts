/**
 * Sub-account roles and what each may do. The main user id may do everything; a role is a set
 * of actions. Routes declare the action they need; the gateway checks it before the handler runs.
 */
export const ACTIONS = ['read', 'address.write', 'cart.write', 'order.write', 'order.pay', 'aftersales.write', 'callback.manage'] as const;
export type Action = (typeof ACTIONS)[number];

export const SUB_ACCOUNT_ROLES = ['viewer', 'buyer', 'finance', 'admin'] as const;
export type SubAccountRole = (typeof SUB_ACCOUNT_ROLES)[number];
export type Role = 'main' | SubAccountRole;

const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
  main: ACTIONS,
  admin: ACTIONS,
  viewer: ['read'],
  buyer: ['read', 'address.write', 'cart.write', 'order.write', 'aftersales.write'],
  finance: ['read', 'order.pay'],
};

export function roleAllows(role: Role, action: Action): boolean {
  return ROLE_ACTIONS[role].includes(action);
}

/**
 * Whose rows a role sees. A viewer or buyer sub-account sees only what it created (siblings are
 * isolated); finance must pay the buyers' orders and admin manages the account, so both see all
 * of the developer's rows, like the main user id. What they may change is still limited by action.
 */
export type RowsVisible = 'all' | 'own';

export function rowsVisibleTo(role: Role): RowsVisible {
  return role === 'main' || role === 'admin' || role === 'finance' ? 'all' : 'own';
}

export function isRole(value: string): value is Role {
  return value === 'main' || (SUB_ACCOUNT_ROLES as readonly string[]).includes(value);
}
