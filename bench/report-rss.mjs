// Preloaded into every benchmark run, docgen's and the baseline's alike, after the other
// preloads: prints the process's peak resident memory (KiB) on stderr when it ends, from the
// last `exit` listener registered at start-up (docgen writes its document in an earlier one).
import { writeSync } from 'node:fs';
process.on('exit', () => writeSync(2, `__maxrss ${process.resourceUsage().maxRSS}\n`));
