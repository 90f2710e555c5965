import type { Command } from 'commander';
import { systemContext } from '../app.ts';
import { baseUrlOf } from '../config.ts';
import { createSigninLink } from '../modules/devconsole/index.ts';
import { die, print, withRuntime } from './helpers.ts';

/** `ponte developer signin-link`: the one-time link that signs a developer in to the developer console. */
export function registerDeveloperSigninCommand(developer: Command): void {
  developer
    .command('signin-link')
    .description('make a one-time developer console sign-in link (15 minutes, single use)')
    .requiredOption('--developer <id>', 'developer id')
    .option('--json', 'print JSON')
    .action((options: { developer: string; json?: boolean }) =>
      withRuntime(async (runtime, server) => {
        // Links expire on the wall clock, whatever the sandbox's business time says.
        const ctx = { ...systemContext(runtime), clock: { nowMs: () => Date.now() } };
        const link = await createSigninLink(ctx, options.developer, runtime.config.publicUrl ?? server?.url ?? baseUrlOf(runtime.config));
        if (!link.ok) die(`developer ${options.developer} not found`);
        const out = { url: link.url, token: link.token, expiresAt: link.expiresAt };
        print(!!options.json, out, `${link.url}\nvalid until ${new Date(link.expiresAt).toISOString()}, once`);
      }),
    );
}
