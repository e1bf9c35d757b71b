/**
 * Server text inside Markdown (row tooltips): shown as typed, never as markup. Every ASCII
 * punctuation character is backslash-escaped (CommonMark lets any of them be escaped), so no link,
 * image, autolink (`<http…>`, `http://…`, `www.…`, `a@b.c`), raw HTML, entity, emphasis or heading can
 * form; line endings (\r\n, \r, \n, and U+2028/U+2029, which some renderers treat as such) become
 * spaces, so the text stays inside its line.
 */

const LINE_ENDINGS = /\r\n|[\r\n\u2028\u2029]/g;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

/** Escapes server text for Markdown: it renders as exactly this text (line endings as spaces). */
export function escapeMarkdown(text: string): string {
  return text.replace(LINE_ENDINGS, ' ').replace(ASCII_PUNCTUATION, (c) => `\\${c}`);
}

/**
 * Server text as an inline code span: monospace, nothing inside is markup. The fence is longer than
 * any run of backticks in the text, so the text cannot close it; line endings become spaces so a
 * blank line cannot end the span early. Text that is empty or only spaces is escaped instead (a code
 * span cannot hold it as typed).
 */
export function codeSpan(text: string): string {
  const flat = text.replace(LINE_ENDINGS, ' ');
  if (flat.trim() === '') { return escapeMarkdown(flat); }
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // One space each side: CommonMark strips exactly one from each end of a span that has both.
  return `${fence} ${flat} ${fence}`;
}
