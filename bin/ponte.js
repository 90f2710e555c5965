#!/usr/bin/env node
// Runs the TypeScript CLI straight from the checkout (no build step): Node strips the types on load.
// The version check comes first and alone, so an older Node stops before it reads any .ts file.
import '../src/node-version.js';

await import('../src/cli.ts');
