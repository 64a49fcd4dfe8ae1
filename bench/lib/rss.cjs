// Preloaded (node --require) into every measured process, subject and floor alike, so
// both pay the same: on exit, the process reports its own peak memory and CPU time on stderr.
'use strict';
const { writeSync } = require('node:fs');

process.on('exit', () => {
  // maxRSS in kilobytes, CPU times in microseconds (getrusage, all threads); the marker lets the
  // runner find them after the CLI's own output.
  const usage = process.resourceUsage();
  writeSync(2, `\n@@bench maxRSS=${usage.maxRSS} cpu=${usage.userCPUTime + usage.systemCPUTime}\n`);
});
