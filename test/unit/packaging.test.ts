/**
 * What the VSIX ships (`vsce ls`, through vsce's own listFiles and the real .vscodeignore): the built
 * pages, never their sources (media/**\/*.ts, the old .mjs/.js) nor the English l10n bundle, which is
 * only the translators' template (VS Code shows the source strings in English without it).
 */
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { listFiles, PackageManager } from '@vscode/vsce';
import { writeComparePair } from '../support/compareFixture';

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
    for (const needed of ['package.json', 'package.nls.json', 'package.nls.zh-cn.json', 'l10n/bundle.l10n.zh-cn.json', 'media/panel/panel.css', 'media/results/results.css', 'media/shared/workbench.css', 'media/webview.css']) {
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
        'dist/meta.json', 'dist/codicons/codicon.css', 'dist/extension.js', 'dist/compareJoinWorker.cjs', 'dist/compareJoinWorker.cjs.map',
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
        'dist/chunks/resultsCore-AB12CD34.mjs', 'dist/codicons/codicon.css', 'dist/compareJoinWorker.cjs', 'dist/extension.mjs', 'dist/pages/compare.js', 'dist/pages/panel.js', 'dist/pages/results.js',
        'l10n/bundle.l10n.zh-cn.json',
        'media/icon.png', 'media/panel/panel.css', 'media/status/completed.svg', 'media/walkthrough/set-key.md', 'media/webview.css',
        'package.json', 'package.nls.json', 'package.nls.zh-cn.json',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the schema check\'s own chunk', function () {
  this.timeout(120_000);

  it('Ajv is in a chunk of its own that the extension imports on first use, never in dist/extension.mjs', () => {
    // The real build script, run in a scratch folder that links the sources: the checkout's dist/ is left alone.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-build-'));
    try {
      for (const f of ['src', 'media', 'node_modules', 'scripts', 'package.json', 'tsconfig.json']) { fs.symlinkSync(path.join(root, f), path.join(dir, f)); }
      const built = spawnSync(process.execPath, ['scripts/build/build.mjs'], { cwd: dir, encoding: 'utf8' });
      assert.equal(built.status, 0, built.stderr);
      type Output = { inputs: Record<string, unknown>; imports: Array<{ path: string; kind: string }> };
      const outputs = (JSON.parse(fs.readFileSync(path.join(dir, 'dist/meta.json'), 'utf8')) as { outputs: Record<string, Output> }).outputs;
      const main = outputs['dist/extension.mjs'];
      assert.ok(main, Object.keys(outputs).join(', '));
      // esbuild names the inputs by their real path (the links resolved): compared by their ends.
      const mainInputs = Object.keys(main.inputs);
      assert.ok(mainInputs.some((f) => f.endsWith('src/commands/schemaCommands.ts')), 'the command is in the main bundle');
      assert.deepEqual(mainInputs.filter((f) => /node_modules\/ajv|src\/compare\/ajvValidator/.test(f)), [], 'no Ajv in dist/extension.mjs');
      assert.doesNotMatch(fs.readFileSync(path.join(dir, 'dist/extension.mjs'), 'utf8'), /ajv\.js\.org|new Ajv|\$dynamicRef/);
      const ajvChunks = Object.entries(outputs).filter(([, o]) => Object.keys(o.inputs).some((f) => f.endsWith('src/compare/ajvValidator.ts'))).map(([name]) => name);
      assert.equal(ajvChunks.length, 1, ajvChunks.join(', '));
      assert.match(ajvChunks[0] ?? '', /^dist\/chunks\/ajvValidator-\w+\.mjs$/);
      assert.ok(Object.keys(outputs[ajvChunks[0] ?? '']?.inputs ?? {}).some((f) => /node_modules\/ajv\//.test(f)), 'Ajv itself is in that chunk');
      assert.ok(main.imports.some((i) => i.path === ajvChunks[0] && i.kind === 'dynamic-import'), 'the main bundle imports it on demand');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the compare\'s join worker in the bundle', function () {
  this.timeout(120_000);

  it('dist/compareJoinWorker.cjs is built, and the bundled compare core finds it from dist/chunks/ and joins side B in it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kimi-build-'));
    const files = writeComparePair();
    try {
      for (const f of ['src', 'media', 'node_modules', 'scripts', 'package.json', 'tsconfig.json']) { fs.symlinkSync(path.join(root, f), path.join(dir, f)); }
      const built = spawnSync(process.execPath, ['scripts/build/build.mjs'], { cwd: dir, encoding: 'utf8' });
      assert.equal(built.status, 0, built.stderr);
      const outputs = (JSON.parse(fs.readFileSync(path.join(dir, 'dist/meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> }).outputs;
      const core = Object.entries(outputs).filter(([, o]) => Object.keys(o.inputs).some((f) => f.endsWith('src/compare/compareCore.ts'))).map(([name]) => name);
      assert.equal(core.length, 1, core.join(', '));
      assert.match(core[0] ?? '', /^dist\/chunks\/compareCore-\w+\.mjs$/);
      assert.ok(fs.existsSync(path.join(dir, 'dist/compareJoinWorker.cjs')));
      // The bundled core in a process of its own: a worker that fails to load would be seen (and B joined in-thread).
      const script = [
        `const { joinSides, CompareSession } = await import(${JSON.stringify(pathToFileURL(path.join(dir, core[0] ?? '')).href)});`,
        'const seen = { workers: 0, errors: [], exits: [] };',
        `const [a, b] = await joinSides({ batchId: 'a', paths: ${JSON.stringify(files.a)} }, { batchId: 'b', paths: ${JSON.stringify(files.b)} }, undefined, {`,
        '  onWorker: (w) => { seen.workers++; w.on("error", (e) => seen.errors.push(e.message)); w.on("exit", (c) => seen.exits.push(c)); },',
        '});',
        'const s = await CompareSession.build(a, b);',
        'await new Promise((r) => setImmediate(r));',
        'console.log(JSON.stringify({ ...seen, rows: b.results.rows.length, verdicts: s.pairs.map((p, i) => [p.customId, s.sameness[i]]) }));',
      ].join('\n');
      const ran = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      assert.equal(ran.status, 0, ran.stderr);
      const seen = JSON.parse(ran.stdout) as { workers: number; errors: string[]; rows: number; verdicts: unknown };
      assert.deepEqual({ workers: seen.workers, errors: seen.errors, rows: seen.rows }, { workers: 1, errors: [], rows: 7 });
      assert.deepEqual(seen.verdicts, [['same', 'identical'], ['ws', 'equivalent'], ['diff', 'different'], ['afail', null], ['bfail', null], ['both', null], ['onlya', null], ['onlyb', null]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(files.dir, { recursive: true, force: true });
    }
  });
});
