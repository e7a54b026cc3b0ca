// Preloaded into every benchmark run, docgen's and the baseline's alike, after the other
// preloads: prints the process's peak resident memory (KiB) and the CPU time it used (user and
// system, microseconds) on stderr when it ends, from the last `exit` listener registered at
// start-up (docgen writes its document in an earlier one).
import { writeSync } from 'node:fs';
process.on('exit', () => {
  const usage = process.resourceUsage();
  writeSync(2, `__maxrss ${usage.maxRSS}\n__cpu ${usage.userCPUTime + usage.systemCPUTime}\n`);
});
