/**
 * Loaded by the extension host through extensionTestsPath (the @vscode/test-electron contract:
 * export run()). Runs every *.test.js beside it or in its subfolders with mocha and prints "N passed, N failed".
 * It cannot pass by accident: `.only` is forbidden, a run of zero tests fails, and the promise
 * settles exactly as the printed counts say (rejected when any failed).
 */
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, grep: process.env.KIMI_EDITOR_GREP, forbidOnly: true });
  // Test files in subfolders too (readdir's recursive listing gives paths relative to this folder).
  for (const f of fs.readdirSync(__dirname, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    const done = (failures: number): void => {
      const passed = runner.stats?.passes ?? 0;
      const pending = runner.stats?.pending ?? 0;
      // A run that executed nothing fails too (a forbidden `.only` throws earlier, below).
      const failed = failures + (passed + failures === 0 ? 1 : 0);
      if (passed + failures === 0) { console.log('no in-editor test ran (a grep that matches nothing, or no test files)'); }
      console.log(`${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
      if (failed > 0) { reject(new Error(`${failed} in-editor tests failed.`)); } else { resolve(); }
    };
    let runner: Mocha.Runner;
    try {
      runner = mocha.run(done);
    } catch (e) {
      // e.g. "`.only` forbidden": thrown while loading the files, before any test ran.
      console.log(`the in-editor suite could not start: ${e instanceof Error ? e.message : String(e)}`);
      console.log('0 passed, 1 failed');
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
