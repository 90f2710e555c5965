import type { ComponentType } from 'react';
import type { MessageKey } from '../i18n/index.tsx';
import { AfterSales } from './AfterSales.tsx';
import { Callbacks } from './Callbacks.tsx';
import { Keys } from './Keys.tsx';
import { Orders } from './Orders.tsx';
import { Parcels } from './Parcels.tsx';
import { Playground } from './Playground.tsx';
import type { Developer } from './session.ts';
import { Wallet } from './Wallet.tsx';

export interface DevScreenProps {
  /** The hash route after the screen's own segment. */
  route: string[];
  developer: Developer;
  /** Loads the developer (and its keys) again after a change. */
  refresh(): void;
}

export interface DeveloperScreen {
  id: string;
  label: MessageKey;
  Component: ComponentType<DevScreenProps>;
}

/** The menu, in order; the first opens after sign-in. */
export const DEVELOPER_SCREENS: DeveloperScreen[] = [
  { id: 'keys', label: 'devKeys', Component: Keys },
  { id: 'wallet', label: 'devWallet', Component: Wallet },
  { id: 'orders', label: 'devOrders', Component: Orders },
  { id: 'aftersales', label: 'devAfterSales', Component: AfterSales },
  { id: 'parcels', label: 'devParcels', Component: Parcels },
  { id: 'callbacks', label: 'devCallbacks', Component: Callbacks },
  { id: 'playground', label: 'devPlayground', Component: Playground },
];
