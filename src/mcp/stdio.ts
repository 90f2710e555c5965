/**
 * `ponte mcp`: the MCP server on stdin/stdout for an agent on the developer's own machine. The
 * tools call a Ponte server over HTTP with the SDK, signed with the developer's key, so this
 * process holds no database and reaches only what the key and user-id may.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { type ClientOptions, createClient } from '../../sdk/src/index.ts';
import { createMcpServer } from './server.ts';
import { apiOf } from './tool.ts';

export async function serveStdio(options: ClientOptions, version: string): Promise<void> {
  const server = createMcpServer(apiOf(createClient(options)), version);
  await server.connect(new StdioServerTransport());
}
