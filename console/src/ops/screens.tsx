import type { ComponentType } from 'react';
import type { MessageKey } from '../i18n/index.tsx';
import { Catalog } from './Catalog.tsx';
import { Purchasing } from './Purchasing.tsx';
import { Refunds } from './Refunds.tsx';
import { Sandbox } from './Sandbox.tsx';
import type { Operator, OperatorRole } from './session.ts';
import { Warehouse } from './Warehouse.tsx';

export interface ScreenProps {
  /** The hash route after the screen's own segment (`#/orders/123` → ['123']). */
  route: string[];
  operator: Operator;
}

export interface OperatorScreen {
  id: string;
  label: MessageKey;
  /** Who sees it in the menu; the same roles the server checks on the screen's admin routes. */
  roles: readonly OperatorRole[];
  Component: ComponentType<ScreenProps>;
}

/** The menu, in order; the first the role may see opens after sign-in. */
export const OPERATOR_SCREENS: OperatorScreen[] = [
  { id: 'sandbox', label: 'navSandbox', roles: ['admin'], Component: Sandbox },
  { id: 'purchasing', label: 'purchasingNav', roles: ['purchaser', 'admin'], Component: Purchasing },
  { id: 'warehouse', label: 'warehouseNav', roles: ['warehouse', 'admin'], Component: Warehouse },
  { id: 'refunds', label: 'refundsNav', roles: ['support', 'admin'], Component: Refunds },
  { id: 'catalog', label: 'catalogNav', roles: ['purchaser', 'admin'], Component: Catalog },
];
