// What every panel page shares: typed element lookup and creation, and placeholder filling. API data
// goes on the page with textContent only (`el`'s `text`): it is never parsed as HTML.

/** The page's element with this id (the HTML shell in src/views/ has it). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

export interface ElOptions {
  readonly className?: string | undefined;
  /** Set as textContent: never markup. */
  readonly text?: string | undefined;
  readonly title?: string | undefined;
}

/** A new element, its class, text (as text) and tooltip set. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, opts: ElOptions = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (opts.className) { node.className = opts.className; }
  if (opts.text !== undefined) { node.textContent = opts.text; }
  if (opts.title) { node.title = opts.title; }
  return node;
}

/** A codicon. */
export function icon(name: string): HTMLSpanElement {
  return el('span', { className: `codicon codicon-${name}` });
}

/** Removes every child of a node. */
export function clear(node: Node): void {
  while (node.firstChild) { node.removeChild(node.firstChild); }
}

/** `{0}`, `{1}`… of a translated template replaced by the arguments; a missing one stays as written. */
export function fill(template: string, ...args: ReadonlyArray<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (whole, i: string) => {
    const arg = args[Number(i)];
    return arg === undefined ? whole : String(arg);
  });
}
