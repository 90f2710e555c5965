import './node-version.js';
import { loadConfig } from './config.ts';
import { startServer, stopOnSignals } from './server.ts';

/** `npm start`: the main job with configuration from the environment. */
const server = await startServer(loadConfig());
stopOnSignals(server, { underNpm: process.env.npm_lifecycle_event !== undefined });
