import type { ComponentType } from 'react';
import type { MessageKey } from '../i18n/index.tsx';
import { Callbacks } from './Callbacks.tsx';
import { Catalog } from './Catalog.tsx';
import { Dashboard } from './Dashboard.tsx';
import { Developers } from './Developers.tsx';
import { Orders } from './Orders.tsx';
import { Purchasing } from './Purchasing.tsx';
import { Refunds } from './Refunds.tsx';
import { Sandbox } from './Sandbox.tsx';
import { SandboxSettings } from './SandboxSettings.tsx';
import { Wallets } from './Wallets.tsx';
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
  { id: 'dashboard', label: 'dashboardNav', roles: ['admin', 'purchaser', 'warehouse', 'finance', 'support'], Component: Dashboard },
  { id: 'sandbox', label: 'navSandbox', roles: ['admin'], Component: Sandbox },
  { id: 'purchasing', label: 'purchasingNav', roles: ['purchaser', 'admin'], Component: Purchasing },
  { id: 'warehouse', label: 'warehouseNav', roles: ['warehouse', 'admin'], Component: Warehouse },
  { id: 'refunds', label: 'refundsNav', roles: ['support', 'admin'], Component: Refunds },
  { id: 'catalog', label: 'catalogNav', roles: ['purchaser', 'admin'], Component: Catalog },
  { id: 'developers', label: 'developersNav', roles: ['admin', 'support', 'finance'], Component: Developers },
  { id: 'wallets', label: 'walletsNav', roles: ['finance', 'admin', 'support'], Component: Wallets },
  { id: 'orders', label: 'ordersNav', roles: ['admin', 'purchaser', 'warehouse', 'finance', 'support'], Component: Orders },
  { id: 'callbacks', label: 'callbacksNav', roles: ['admin', 'support'], Component: Callbacks },
  { id: 'sandbox-settings', label: 'sandboxSettingsNav', roles: ['admin'], Component: SandboxSettings },
];
