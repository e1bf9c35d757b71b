// One validation benchmark run in its own process. Usage: node validate-worker.cjs idle|validate [file]
// "idle" loads the validator and does nothing: the baseline the validating run's peak RSS is compared to.
// Prints one JSON line.
const fs = require('node:fs');
const path = require('node:path');
const root = path.resolve(__dirname, '../..');
const [, , mode, file] = process.argv;

(async () => {
  const { validateBatchFile } = require(path.join(root, 'out/src/submit/validateBatchFile.js'));
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let result = { requestCount: 0, bytes: 0, errorCount: 0, warningCount: 0 };
  if (mode === 'validate') {
    result = await validateBatchFile(fs.createReadStream(file, { highWaterMark: 64 * 1024 }));
  } else if (mode !== 'idle') {
    throw new Error(`unknown mode ${mode}`);
  }
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({
    mode, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024,
    requests: result.requestCount, bytes: result.bytes, errors: result.errorCount, warnings: result.warningCount,
  }));
})().catch((e) => { console.error(e); process.exit(1); });
