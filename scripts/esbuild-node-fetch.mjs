// esbuild settings for node-fetch, shared by scripts/build.mjs and the bench's list client.
// - fetch-blob loads web-streams-polyfill only when globalThis.ReadableStream is missing, which never
//   happens on Node >= 18 (every VS Code extension host): leaving it out saves ~60 KB.
// - node-fetch imports its multipart parser (4 KB) only inside Response.formData() for a multipart body,
//   which this extension never calls: that import gets a module that rejects with a clear error.

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
