/**
 * The web consoles are a Vite + React app in `console/`, built to static files in `console/dist`.
 * `npm start` builds them when the build is missing or older than its sources: the build records
 * a hash of every source file, so a checkout, an edit or a new lock file rebuilds, and nothing else does.
 * The build goes to a fresh folder renamed into place, so two nodes starting together on one disk
 * never serve a half-written build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONSOLE_ROOT = fileURLToPath(new URL('../../../console/', import.meta.url));
export const CONSOLE_DIST = join(CONSOLE_ROOT, 'dist');
const STAMP = '.source-hash';
/** Files outside console/ that change what the build produces (the playground imports the signature rule). */
const ALSO_HASHED = ['../package-lock.json', '../src/platform/auth/signing-rules.ts'];

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name.startsWith('.dist-') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else files.push(path);
  }
  return files.sort();
}

export function consoleSourceHash(): string {
  const hash = createHash('sha256');
  const files = [...sourceFiles(CONSOLE_ROOT), ...ALSO_HASHED.map((file) => join(CONSOLE_ROOT, file))];
  for (const file of files) {
    hash.update(relative(CONSOLE_ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function consoleBuildIsCurrent(): boolean {
  const stamp = join(CONSOLE_DIST, STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === consoleSourceHash();
}

/** Builds the consoles unless the build on disk is current; `log` hears what happens (it takes a few seconds). */
export async function ensureConsoleBuilt(log: (line: string) => void = () => {}): Promise<'current' | 'built'> {
  if (consoleBuildIsCurrent()) return 'current';
  log('building the web consoles (console/ → console/dist) …');
  const started = Date.now();
  const hash = consoleSourceHash();
  const outDir = join(CONSOLE_ROOT, `.dist-${process.pid}-${Date.now()}`);
  const { build } = await import('vite');
  await build({ configFile: join(CONSOLE_ROOT, 'vite.config.ts'), build: { outDir, emptyOutDir: true }, logLevel: 'warn' });
  writeFileSync(join(outDir, STAMP), hash);
  rmSync(CONSOLE_DIST, { recursive: true, force: true });
  renameSync(outDir, CONSOLE_DIST);
  log(`web consoles built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 'built';
}
