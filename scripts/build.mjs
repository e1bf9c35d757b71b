// Bundles src/extension.ts to dist/extension.js (CommonJS, node, `vscode` external).
// --production: minified, no source maps (what the VSIX ships). --watch: rebuild on change.
import esbuild from 'esbuild';
import fs from 'node:fs';
import { nodeFetchExternal, noMultipartParser } from './esbuild-node-fetch.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const options = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // What of node-fetch is left out, and why: scripts/esbuild-node-fetch.mjs.
  external: ['vscode', ...nodeFetchExternal],
  plugins: [noMultipartParser],
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
  metafile: true,
};

fs.rmSync('dist', { recursive: true, force: true });
// Codicons for the detail panel ship inside the package: webviews load nothing from the network.
fs.mkdirSync('dist/codicons', { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) { fs.copyFileSync(`node_modules/@vscode/codicons/dist/${f}`, `dist/codicons/${f}`); }
// The results panel's page: a browser script with its virtualizer, bundled on its own.
/** @type {import('esbuild').BuildOptions} */
const webviewOptions = {
  entryPoints: ['media/results/results.mjs'],
  bundle: true,
  outfile: 'dist/results/results.js',
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: production,
  sourcemap: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  await (await esbuild.context(webviewOptions)).watch();
  console.log('esbuild: watching src/ …');
} else {
  const result = await esbuild.build(options);
  await esbuild.build(webviewOptions);
  const bytes = fs.statSync('dist/extension.js').size;
  const pageBytes = fs.statSync('dist/results/results.js').size;
  console.log(`esbuild: dist/extension.js ${(bytes / 1024).toFixed(1)} KB, dist/results/results.js ${(pageBytes / 1024).toFixed(1)} KB${production ? ' (production)' : ''}`);
  fs.writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
}
