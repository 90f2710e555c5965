import type { Clock } from '../platform/clock.ts';
import type { SandboxClock } from '../sources/sandbox/clock.ts';
import type { Source } from '../sources/source.ts';
import type { WarehouseSource } from '../modules/warehouse/index.ts';
import type { HealthState } from './system/health.ts';

/**
 * What the PandaPon routes need at run time, handed to every handler as `input.services` (see
 * RouteServices in platform/http/route.ts). buildApp builds the one value.
 */
declare module '../platform/http/route.ts' {
  interface RouteServices {
    /** The marketplace behind goods, carts and orders. */
    readonly source: Source;
    /** The URL clients reach this server at, for picture and media links; else the request's Host. */
    readonly publicUrl: string | undefined;
    /** Whether image addresses and callback URLs may point at loopback/private hosts (PONTE_CALLBACK_ALLOW_PRIVATE). */
    readonly allowPrivateUrls: boolean;
    /** Per-attempt limit of a test callback; the platform default when absent. */
    readonly callbackTimeoutMs: number | undefined;
    /** The clock of signature windows and callback timestamps. */
    readonly wallClock: Clock;
    /** Business time when it is a sandbox clock (`ponte start`); the sandbox controls exist only then. */
    readonly sandboxClock: SandboxClock | undefined;
    /** The sandbox warehouse floor that receives, weighs and ships on the sandbox clock; null when operators do it (PONTE_SANDBOX_WAREHOUSE=off). */
    readonly warehouseFloor: WarehouseSource | null;
    /** This instance's start time, version and start-up progress, for /health. */
    readonly health: HealthState;
  }
}
