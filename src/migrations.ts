import { acceptedPriceTotalsMigration, purchasePriceReviewMigration, purchasingMigration } from './modules/purchasing/index.ts';
import type { Migration } from 'kysely';
import {
  composedMigration,
  migrateWith,
  pendingMigrationsOf,
  platformMigration,
  signedNoncesMigration,
  type Db,
  type Dialect,
} from './platform/db/index.ts';
import {
  imageVectorsMigration,
  sandboxCatalogMigration,
  sandboxFtsLayoutMigration,
  sandboxPriceSearchMigration,
  sandboxSearchIndexMigration,
} from './sources/sandbox/store/index.ts';
import { sandboxSettingsMigration } from './sources/sandbox/sellers/schema.ts';
import { accountsMigration, developerRateLimitMigration, developerStatusMigration } from './modules/accounts/index.ts';
import { addressesMigration } from './modules/addresses/index.ts';
import { walletMigration } from './modules/wallet/index.ts';
import { ordersMigration } from './modules/orders/index.ts';
import { cartMigration } from './modules/cart/index.ts';
import { fulfilmentMigration } from './modules/fulfilment/index.ts';
import {
  callbackAttemptTriggerMigration,
  callbackBodyFormMigration,
  callbackOwnerMigration,
  callbacksMigration,
} from './modules/callbacks/index.ts';
import { aftersalesMigration } from './modules/aftersales/index.ts';
import { vouchersMigration } from './modules/vouchers/index.ts';
import { freightMigration } from './modules/freight/index.ts';
import { dutyMigration } from './modules/duty/index.ts';
import { warehouseMigration, warehouseSandboxPlanMigration } from './modules/warehouse/index.ts';
import { auditClientAddressMigration, operatorsMigration } from './modules/operators/index.ts';
import { devConsoleMigration } from './modules/devconsole/index.ts';

/**
 * Every module's migrations, in order. Names sort lexically and Kysely applies them in that
 * order; a released migration is never edited, a new one is appended.
 */
export function allMigrations(dialect: Dialect): Record<string, Migration> {
  return {
    '001_foundation': composedMigration(accountsMigration(), platformMigration(), addressesMigration(dialect)),
    '002_sandbox_catalog': sandboxCatalogMigration(dialect),
    '003_wallet': walletMigration(dialect),
    '004_cart': cartMigration(dialect),
    '005_orders': ordersMigration(dialect),
    '006_sandbox_image_vectors': imageVectorsMigration(dialect),
    '007_fulfilment': fulfilmentMigration(dialect),
    '009_sandbox_search_index': sandboxSearchIndexMigration(dialect),
    '008_callbacks': callbacksMigration(dialect),
    '010_sandbox_fts_layout': sandboxFtsLayoutMigration(dialect),
    '011_callback_message_owner': callbackOwnerMigration(dialect),
    '012_callback_body_form': callbackBodyFormMigration(dialect),
    '013_callback_attempt_trigger': callbackAttemptTriggerMigration(dialect),
    '014_aftersales': aftersalesMigration(dialect),
    '015_refund_vouchers': vouchersMigration(dialect),
    '016_freight': freightMigration(dialect),
    '017_duty': dutyMigration(dialect),
    '018_warehouse': warehouseMigration(dialect),
    '019_warehouse_sandbox_plan': warehouseSandboxPlanMigration(),
    '020_operators': operatorsMigration(dialect),
    '021_purchasing': purchasingMigration(dialect),
    '022_developer_admin': developerStatusMigration(),
    '023_developer_sessions': devConsoleMigration(),
    '024_purchase_price_review': purchasePriceReviewMigration(),
    '025_sandbox_settings': sandboxSettingsMigration(),
    '026_developer_rate_limits': developerRateLimitMigration(),
    '027_audit_client_address': auditClientAddressMigration(),
    '028_accepted_price_totals': acceptedPriceTotalsMigration(),
    '029_sandbox_price_search': sandboxPriceSearchMigration(dialect),
    '030_signed_nonces': signedNoncesMigration(dialect),
  };
}

export function migrateToLatest(db: Db): Promise<string[]> {
  return migrateWith(db, allMigrations(db.dialect));
}

/** The migrations this version has and the database lacks: not ready to serve until there are none. */
export function pendingMigrations(db: Db): Promise<string[]> {
  return pendingMigrationsOf(db, allMigrations(db.dialect));
}
