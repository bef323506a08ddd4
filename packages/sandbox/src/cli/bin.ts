/** Process entry of `cqkit-sandbox`. */
import { runCliProcess } from './main.js';

process.exit(await runCliProcess(process.argv.slice(2)));
