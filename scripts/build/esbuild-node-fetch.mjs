// esbuild settings for node-fetch, shared by scripts/build/build.mjs and the bench's list client.
// - fetch-blob loads web-streams-polyfill only when globalThis.ReadableStream is missing, which never
//   happens on Node >= 18 (every VS Code extension host): leaving it out saves ~60 KB.
// - node-fetch imports its multipart parser (4 KB) only inside Response.formData() for a multipart body,
//   which this extension never calls: that import gets a module that rejects with a clear error.
// - node-fetch's polyfills of Blob and FormData (fetch-blob, formdata-polyfill) stand in for what Node >= 18
//   has built in: the bundle takes Node's own globalThis.Blob / FormData instead (~6 KB). Only a Blob or
//   FormData request body or res.blob() would reach them; this extension sends strings and Node streams.
//   FormData is reached lazily: reading globalThis.FormData makes Node load undici (~9 MB of RSS).
// - data-uri-to-buffer serves fetch('data:…') only, which the extension never asks: it becomes an error.

/** @type {string[]} */
export const nodeFetchExternal = ['web-streams-polyfill', 'web-streams-polyfill/*'];

/** @type {import('esbuild').Plugin} */
export const noMultipartParser = {
  name: 'no-multipart-parser',
  setup(build) {
    build.onResolve({ filter: /^\.\/utils\/multipart-parser\.js$/ }, (args) =>
      (/node-fetch[\\/]src$/.test(args.resolveDir) ? { path: 'node-fetch-multipart-parser', namespace: 'no-multipart-parser' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'no-multipart-parser' }, () => ({
      contents: "export async function toFormData() { throw new Error('Response.formData() of a multipart body is not bundled in this extension'); }\n",
      loader: 'js',
    }));
  },
};

/** Module texts that replace node-fetch's polyfills in the bundle (see above). */
const builtinShims = {
  'fetch-blob': 'export default globalThis.Blob;\nexport const Blob = globalThis.Blob;\n',
  // Not globalThis.FormData itself: in Node that getter loads undici (~9 MB of RSS, with http2, worker_threads…),
  // while node-fetch only asks `body instanceof FormData` of each body. A FormData is told by its tag instead,
  // and Node's class is reached only to make one (Response.formData() of a form-urlencoded body).
  'formdata-polyfill/esm.min.js': "export class FormData {\n  constructor() { return new globalThis.FormData(); }\n"
    + "  static [Symbol.hasInstance](v) { return typeof v === 'object' && v !== null && v[Symbol.toStringTag] === 'FormData'; }\n}\n"
    + "export function formDataToBlob() { throw new Error('a FormData request body is not bundled in this extension'); }\n",
  'fetch-blob/from.js': "const none = () => { throw new Error('files as Blobs are not bundled in this extension'); };\nexport const Blob = globalThis.Blob;\nexport const File = globalThis.File;\nexport { none as blobFrom, none as blobFromSync, none as fileFrom, none as fileFromSync };\n",
  'data-uri-to-buffer': "export default function dataUriToBuffer() { throw new Error('data: URLs are not bundled in this extension'); }\n",
  // node:https (with tls and crypto, ~1.5 MB of RSS) loaded by the first https: request, not by the first request.
  'node:https': "export default { get request() { return require('node:https').request; } };\n",
};

/** @type {import('esbuild').Plugin} */
export const nodeBuiltinsForPolyfills = {
  name: 'node-builtins-for-polyfills',
  setup(build) {
    build.onResolve({ filter: /^(fetch-blob|fetch-blob\/from\.js|formdata-polyfill\/esm\.min\.js|data-uri-to-buffer|node:https)$/ }, (args) =>
      (/node-fetch[\\/]src/.test(args.resolveDir) ? { path: args.path, namespace: 'node-builtins-for-polyfills' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'node-builtins-for-polyfills' }, (args) => ({ contents: builtinShims[args.path], loader: 'js' }));
  },
};
