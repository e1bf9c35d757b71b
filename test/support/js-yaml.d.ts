// js-yaml ships without types; mocha and eslint depend on it, so it is always installed. Only `load` is used.
declare module 'js-yaml' {
  export function load(text: string): unknown;
}
