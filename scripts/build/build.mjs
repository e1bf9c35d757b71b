// Bundles src/extension.ts to dist/extension.mjs (an ES module, node, `vscode` external; what a command loads
// with `import()` goes to dist/chunks/), and each panel page.
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
  // An ES module (VS Code >= 1.100 loads them): what only a command needs is loaded by `import()` on first
  // use from chunks of its own, and a module both use (l10n, the API's error type) exists once.
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  // node-fetch's lazy node:https shim and CommonJS dependencies call require().
  banner: { js: "import { createRequire as __kimiCreateRequire } from 'node:module'; const require = __kimiCreateRequire(import.meta.url);" },
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

// The compare's join worker (src/compare/joinWorker.ts: side B joined on a second core) is a script of its
// own, dist/compareJoinWorker.cjs, that a Worker loads by path. In tsc's out/ the code finds it next to
// itself (__dirname); the bundle has no __dirname, so src/compare/joinWorkerFile.ts becomes a module that
// finds it from import.meta.url of the file it lands in (dist/extension.mjs or dist/chunks/*.mjs).
/** @type {import('esbuild').Plugin} */
const joinWorkerFile = {
  name: 'join-worker-file',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]compare[\\/]joinWorkerFile\.ts$/ }, () => ({
      contents: "import { fileURLToPath } from 'node:url';\n"
        + "export function joinWorkerFile() { return fileURLToPath(new URL(/\\/chunks\\/[^/]*$/.test(import.meta.url) ? '../compareJoinWorker.cjs' : './compareJoinWorker.cjs', import.meta.url)); }\n",
      loader: 'js',
    }));
  },
};
options.plugins.push(joinWorkerFile);
/** @type {import('esbuild').BuildOptions} */
const workerOptions = {
  entryPoints: ['src/compare/joinWorker.ts'],
  bundle: true,
  outfile: 'dist/compareJoinWorker.cjs',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
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

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  await (await esbuild.context(webviewOptions)).watch();
  await (await esbuild.context(workerOptions)).watch();
  console.log('esbuild: watching src/ …');
} else {
  const result = await esbuild.build(options);
  await esbuild.build(webviewOptions);
  await esbuild.build(workerOptions);
  const bytes = fs.statSync('dist/extension.mjs').size;
  const pageSizes = pages.map((page) => `dist/pages/${page}.js ${(fs.statSync(`dist/pages/${page}.js`).size / 1024).toFixed(1)} KB`);
  const workerSize = `dist/compareJoinWorker.cjs ${(fs.statSync('dist/compareJoinWorker.cjs').size / 1024).toFixed(1)} KB`;
  console.log(`esbuild: dist/extension.mjs ${(bytes / 1024).toFixed(1)} KB, ${pageSizes.join(', ')}, ${workerSize}${production ? ' (production)' : ''}`);
  fs.writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
}
