// Stops a process started on a Node.js older than the one Ponte runs on, before anything else
// loads: better-sqlite3 13 aborts natively on Node 20, and Node 20 cannot load .ts files at all.
// Plain JavaScript on purpose, so that it parses and runs on any Node. MIN_MAJOR follows
// "engines" in package.json.
const MIN_MAJOR = 24;

if (Number(process.version.slice(1).split('.')[0]) < MIN_MAJOR) {
  process.stderr.write(
    `Ponte needs Node.js ${MIN_MAJOR} or newer; this is Node.js ${process.version} (${process.execPath}).\n` +
      `The project carries its own Node.js ${MIN_MAJOR} (the "node" package). After \`npm ci\`, run Ponte through npm:\n` +
      '  npm start    npx ponte <command>    npm test    npm exec -- node <script.ts>\n',
  );
  process.exit(1);
}
