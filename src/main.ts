import './node-version.js';
import { loadConfig } from './config.ts';
import { startServer } from './server.ts';

/** `npm start`: the main job with configuration from the environment. */
const server = await startServer(loadConfig());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.stop().then(() => process.exit(0), () => process.exit(1));
  });
}
