// Bundles src/extension.ts to dist/extension.js (CommonJS, node, `vscode` external), and each panel page.
// --production: minified, no source maps (what the VSIX ships). --watch: rebuild on change.
import esbuild from 'esbuild';
import fs from 'node:fs';
import { nodeBuiltinsForPolyfills, nodeFetchExternal, noMultipartParser } from './esbuild-node-fetch.mjs';

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
  // What of node-fetch is left out, and why: scripts/build/esbuild-node-fetch.mjs.
  external: ['vscode', ...nodeFetchExternal],
  plugins: [noMultipartParser, nodeBuiltinsForPolyfills],
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
// The panel pages: media/<page>/<page>.ts, each a browser script bundled on its own (with what it
// imports: media/shared/, the page's helpers from src/, the results page's virtualizer) into
// dist/pages/<page>.js. One rule for every page; tsconfig.webview.json type-checks them (npm test static).
const pages = fs.readdirSync('media', { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(`media/${d.name}/${d.name}.ts`))
  .map((d) => d.name);
/** @type {import('esbuild').BuildOptions} */
const webviewOptions = {
  entryPoints: pages.map((page) => ({ in: `media/${page}/${page}.ts`, out: page })),
  bundle: true,
  outdir: 'dist/pages',
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: production,
  sourcemap: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
};

// Ajv (the schema check) is its own bundle, loaded by the extension on first use (src/commands/schemaCommands.ts):
// the main bundle never carries it, so activation costs nothing for a user who never checks a schema.
/** @type {import('esbuild').BuildOptions} */
const schemaOptions = {
  entryPoints: ['src/compare/ajvValidator.ts'],
  bundle: true,
  outfile: 'dist/schema.js',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
};

if (watch) {
  const ctx = await esbuild.context(options);
  await (await esbuild.context(schemaOptions)).watch();
  await ctx.watch();
  await (await esbuild.context(webviewOptions)).watch();
  console.log('esbuild: watching src/ …');
} else {
  const result = await esbuild.build(options);
  await esbuild.build(webviewOptions);
  await esbuild.build(schemaOptions);
  const bytes = fs.statSync('dist/extension.js').size;
  const pageSizes = pages.map((page) => `dist/pages/${page}.js ${(fs.statSync(`dist/pages/${page}.js`).size / 1024).toFixed(1)} KB`);
  const schemaSize = `dist/schema.js ${(fs.statSync('dist/schema.js').size / 1024).toFixed(1)} KB`;
  console.log(`esbuild: dist/extension.js ${(bytes / 1024).toFixed(1)} KB, ${schemaSize}, ${pageSizes.join(', ')}${production ? ' (production)' : ''}`);
  fs.writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
}
