/**
 * Loaded by the extension host through extensionTestsPath (the @vscode/test-electron contract:
 * export run()). Runs every *.test.js beside it with mocha and prints "N passed, N failed".
 */
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, grep: process.env.KIMI_EDITOR_GREP });
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const s = runner.stats;
      console.log(`${s?.passes ?? 0} passed, ${failures} failed${s?.pending ? `, ${s.pending} skipped` : ''}`);
      if (failures > 0) { reject(new Error(`${failures} in-editor tests failed.`)); } else { resolve(); }
    });
  });
}
