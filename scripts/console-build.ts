/** `npm run console:build`: builds the web consoles into console/dist unless the build there is current. */
import { ensureConsoleBuilt } from '../src/wire/console/build.ts';

const outcome = await ensureConsoleBuilt((line) => process.stderr.write(`${line}\n`));
if (outcome === 'current') process.stderr.write('the web consoles are already built from the current sources\n');
