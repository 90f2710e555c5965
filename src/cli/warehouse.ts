import type { Command } from 'commander';
import { registerWarehouseParcelCommands } from './warehouse-parcels.ts';
import { registerWarehouseSettingsCommands } from './warehouse-settings.ts';
import { registerWarehouseShipmentCommands } from './warehouse-shipments.ts';

/** `ponte warehouse …`: the operator's inbound, storage and outbound commands, one group. */
export function registerWarehouseCommands(program: Command): void {
  const warehouse = program.command('warehouse').description('the China warehouse: parcels, storage, outbound shipments');
  registerWarehouseParcelCommands(warehouse);
  registerWarehouseSettingsCommands(warehouse);
  registerWarehouseShipmentCommands(warehouse);
}
