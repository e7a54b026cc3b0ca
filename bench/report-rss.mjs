// Preloaded into every benchmark run, docgen's and the baseline's alike: prints the process's
// peak resident memory (KiB) on stderr when it ends.
import { writeSync } from 'node:fs';
process.on('exit', () => writeSync(2, `__maxrss ${process.resourceUsage().maxRSS}\n`));
