/**
 * The MCP server: every tool of the three tables registered on one `McpServer`, each answering
 * compact JSON text. A refusal of the API is a tool error that names the code, the message (with
 * the field when the API names one) and what to do; bad arguments are answered as tool errors by
 * the SDK's own validation against the tool's schema, before anything is called.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AFTER_TOOLS } from './tools-after.ts';
import { BUYING_TOOLS } from './tools-buying.ts';
import { GOODS_TOOLS } from './tools-goods.ts';
import type { Api, Outcome, ToolDeclaration } from './tool.ts';

export const TOOLS: readonly ToolDeclaration[] = [...GOODS_TOOLS, ...BUYING_TOOLS, ...AFTER_TOOLS];

const INSTRUCTIONS = [
  'Ponte buys Taobao and 1688 goods for you from a prepaid wallet. Money is integer fen (1 yuan = 100 fen) everywhere.',
  'A purchase: search_products → product_detail → cart_add → order_create (previews) → order_create with confirm → order_pay (previews) → order_pay with confirm.',
  'Nothing is ordered or charged without confirm: true.',
].join(' ');

function text(value: unknown): string {
  return JSON.stringify(value);
}

export function toolResult(outcome: Outcome): CallToolResult {
  if (outcome.ok) return { content: [{ type: 'text', text: text(outcome.value) }] };
  if ('refusal' in outcome) return { isError: true, content: [{ type: 'text', text: outcome.refusal }] };
  const detail = outcome.data === null || outcome.data === undefined ? '' : ` ${text(outcome.data)}`;
  return { isError: true, content: [{ type: 'text', text: `${outcome.name} (code ${outcome.code}): ${outcome.msg}${detail}` }] };
}

export function createMcpServer(api: Api, version: string): McpServer {
  const server = new McpServer({ name: 'ponte', version }, { instructions: INSTRUCTIONS });
  for (const tool of TOOLS) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        annotations: { readOnlyHint: tool.effect === 'read', destructiveHint: tool.effect === 'spend', openWorldHint: false },
      },
      async (args: unknown) => toolResult(await tool.run(api, args as never)),
    );
  }
  return server;
}
