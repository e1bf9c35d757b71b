// `npm run test:desktop`: the same in-editor suite through @vscode/test-electron, for machines that
// can download VS Code (it cannot on the project's build machines; there `npm test` uses code-server).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(new URL('../..', import.meta.url).pathname);
execFileSync('npx', ['tsc', '-p', 'tsconfig.test.json'], { cwd: root, stdio: 'inherit' });
execFileSync('node', ['scripts/build/build.mjs'], { cwd: root, stdio: 'inherit' });
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out/test/editor/index'),
    launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { TZ: 'Asia/Shanghai' },
  });
} catch (e) {
  console.error(`Desktop tests failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
