/** The MCP server: tools over the signed API, on stdio (`ponte mcp`) and on `POST /mcp`. */
export { MCP_PATH, registerMcpRoute } from './http.ts';
export { createMcpServer, TOOLS } from './server.ts';
export { serveStdio } from './stdio.ts';
