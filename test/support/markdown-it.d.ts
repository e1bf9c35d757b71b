// markdown-it ships without types; vsce depends on it, so it is always installed. Only what the
// tooltip tests use is declared.
declare module 'markdown-it' {
  interface Options { html?: boolean; linkify?: boolean; typographer?: boolean }
  class MarkdownIt {
    constructor(options?: Options);
    render(text: string): string;
    renderInline(text: string): string;
  }
  export default MarkdownIt;
}
