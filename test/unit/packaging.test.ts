/**
 * What the VSIX ships (`vsce ls`, through vsce's own listFiles and the real .vscodeignore): the built
 * pages, never their sources (media/**\/*.ts, the old .mjs/.js) nor the English l10n bundle, which is
 * only the translators' template (VS Code shows the source strings in English without it).
 */
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listFiles, PackageManager } from '@vscode/vsce';

const root = path.resolve(__dirname, '..', '..', '..');

/** The files vsce would package from `cwd`, sorted. */
async function packaged(cwd: string): Promise<string[]> {
  return (await listFiles({ cwd, packageManager: PackageManager.None })).map((f) => f.replace(/\\/g, '/')).sort();
}

describe('VSIX contents', function () {
  this.timeout(60_000);

  it('the repository: no page source and no English bundle is packaged; the styles and the translations are', async () => {
    const files = await packaged(root);
    assert.deepEqual(files.filter((f) => /^media\/.*\.(ts|mts|mjs|js)$/.test(f) || f === 'l10n/bundle.l10n.json' || f.startsWith('src/')), []);
    for (const needed of ['package.json', 'package.nls.json', 'package.nls.zh-cn.json', 'l10n/bundle.l10n.zh-cn.json', 'media/panel/panel.css', 'media/results/results.css', 'media/webview.css']) {
      assert.ok(files.includes(needed), `${needed} is packaged`);
    }
  });

  it('.vscodeignore keeps exactly the built pages, the assets and the translations of a tree with every kind of file', async () => {
    // A copy of the project's shape (the real package.json and .vscodeignore), one file of each kind,
    // so the built pages count whether or not this checkout has run the build.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-vsix-'));
    try {
      const files = [
        'package.json', 'package.nls.json', 'package.nls.zh-cn.json', 'README.md', 'CHANGELOG.md', 'LICENSE',
        'l10n/bundle.l10n.json', 'l10n/bundle.l10n.zh-cn.json',
        'dist/extension.mjs', 'dist/extension.mjs.map', 'dist/chunks/resultsCore-AB12CD34.mjs', 'dist/chunks/resultsCore-AB12CD34.mjs.map',
        'dist/meta.json', 'dist/codicons/codicon.css', 'dist/extension.js',
        'dist/pages/panel.js', 'dist/pages/results.js', 'dist/pages/compare.js',
        'media/icon.png', 'media/webview.css', 'media/status/completed.svg', 'media/walkthrough/set-key.md',
        'media/panel/panel.ts', 'media/panel/panel.css', 'media/results/results.ts', 'media/results/results.mjs', 'media/results/old.js',
        'media/shared/dom.ts', 'src/extension.ts', 'tsconfig.webview.json',
      ];
      for (const f of files) {
        fs.mkdirSync(path.join(dir, path.dirname(f)), { recursive: true });
        const real = path.join(root, f);
        fs.writeFileSync(path.join(dir, f), f === 'package.json' ? fs.readFileSync(real) : 'x');
      }
      fs.copyFileSync(path.join(root, '.vscodeignore'), path.join(dir, '.vscodeignore'));
      assert.deepEqual(await packaged(dir), [
        'CHANGELOG.md', 'LICENSE', 'README.md',
        'dist/chunks/resultsCore-AB12CD34.mjs', 'dist/codicons/codicon.css', 'dist/extension.mjs', 'dist/pages/compare.js', 'dist/pages/panel.js', 'dist/pages/results.js',
        'l10n/bundle.l10n.zh-cn.json',
        'media/icon.png', 'media/panel/panel.css', 'media/status/completed.svg', 'media/walkthrough/set-key.md', 'media/webview.css',
        'package.json', 'package.nls.json', 'package.nls.zh-cn.json',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
