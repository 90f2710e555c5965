import type { Command } from 'commander';
import { VERSION } from '../app.ts';
import { baseUrlOf, loadConfig } from '../config.ts';
import { serveStdio } from '../mcp/index.ts';
import { die } from './helpers.ts';

/**
 * `ponte mcp`: the MCP server on stdio, for an agent on the developer's machine. The key and
 * secret come from the environment, never the command line (which other users can read in ps).
 */
export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('serve the MCP tools on stdin/stdout, calling the API as PONTE_ACCESS_KEY / PONTE_ACCESS_SECRET / PONTE_USER_ID')
    .option('--base-url <url>', 'the Ponte server to call (default: PONTE_PUBLIC_URL, else PONTE_HOST:PONTE_PORT)')
    .option('--sign-type <type>', 'MD5 or HMAC-SHA256', 'HMAC-SHA256')
    .action(async (options: { baseUrl?: string; signType: string }) => {
      const { PONTE_ACCESS_KEY: accessKey, PONTE_ACCESS_SECRET: accessSecret, PONTE_USER_ID: userId } = process.env;
      if (!accessKey || !accessSecret || !userId)
        die('set PONTE_ACCESS_KEY, PONTE_ACCESS_SECRET and PONTE_USER_ID (the main or a sub-account user id)');
      if (options.signType !== 'MD5' && options.signType !== 'HMAC-SHA256') die(`--sign-type: MD5 or HMAC-SHA256, not ${options.signType}`);
      const baseUrl = options.baseUrl ?? baseUrlOf(loadConfig(process.env));
      await serveStdio({ baseUrl, accessKey, accessSecret, userId, signType: options.signType }, VERSION);
    });
}
