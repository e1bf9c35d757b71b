/**
 * Server text in Markdown tooltips renders as text: random strings full of Markdown and HTML
 * (newlines, backticks, brackets, `<a>`, autolinks, entities) go through the escape and a real
 * Markdown renderer (markdown-it with raw HTML and linkify on: stricter than VS Code's hover), and
 * the result holds no link, image or tag we did not write, and shows the text as typed.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { codeSpan, escapeMarkdown } from '../../src/model/markdownText';
import { rowTooltipMarkdown, unreadableTooltipMarkdown } from '../../src/model/batchDescription';
import { entriesOf, isUnreadable, parseBatch, parseBatchPage } from '../../src/api';

const md = new MarkdownIt({ html: true, linkify: true });

/** Pieces that make Markdown or HTML when left unescaped. */
const HOSTILE = [
  '[', ']', '(', ')', '![', '](', '<', '>', '`', '``', '```', '\n', '\r', '\r\n', '\n\n', '\\', '*', '_', '~', '#', '-', '=', '|', '!', '&', ':', '@', '.', ' ', '    ', '\t',
  '[x](https://evil.example)', '![i](https://evil.example/i.png)', '<a href="https://evil.example">x</a>', '<img src=x onerror=alert(1)>',
  '<https://evil.example>', 'https://evil.example/p', 'www.evil.example', 'someone@evil.example', 'javascript:alert(1)', '&#91;x&#93;(y)',
  '&lt;a&gt;', '[x]: https://evil.example', '[x]', '<script>alert(1)</script>', '---', '# h', '> q', '1. ', '$(alert)', '\u0000', '中文', '\u2028',
];
const hostileText = fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 12 })
  .map((parts) => parts.join(''));

const TAG = /<\/?([a-zA-Z][a-zA-Z0-9]*)[^>]*>/g;
const tagsOf = (html: string): string[] => [...html.matchAll(TAG)].map((m) => (m[1] ?? '').toLowerCase());
const decode = (html: string): string => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
/** What a text shows once rendered: line endings (U+2028/9 included) as spaces, U+0000 as U+FFFD (CommonMark). */
const shown = (text: string): string => text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').split(String.fromCharCode(0)).join('\uFFFD');

describe('Markdown tooltips: server text renders as text', () => {
  it('escapeMarkdown: no tag at all, and exactly the text, for any string', () => {
    fc.assert(fc.property(hostileText, (text) => {
      const html = md.renderInline(escapeMarkdown(text));
      assert.deepEqual(tagsOf(html), [], html);
      assert.equal(decode(html), shown(text));
    }), { numRuns: 3000 });
  });

  it('escapeMarkdown, written out: brackets, an autolink and <a> stay literal', () => {
    assert.equal(escapeMarkdown('[x](y) <a> www.a.b\nz'), '\\[x\\]\\(y\\) \\<a\\> www\\.a\\.b z');
    assert.equal(md.renderInline(escapeMarkdown('see https://evil.example or a@b.example')), 'see https://evil.example or a@b.example');
  });

  it('codeSpan: one <code> holding exactly the text, for any string with something but spaces', () => {
    fc.assert(fc.property(hostileText.filter((t) => shown(t).trim() !== ''), (text) => {
      const html = md.renderInline(codeSpan(text));
      assert.deepEqual(tagsOf(html), ['code', 'code'], html);
      assert.equal(decode(html.replace(/^<code>|<\/code>$/g, '')), shown(text));
    }), { numRuns: 3000 });
  });

  it('codeSpan: a blank line in the endpoint cannot end the span and start a link', () => {
    const html = md.render(codeSpan('/v1/x\n\n[click](https://evil.example)'));
    assert.equal(html, '<p><code>/v1/x  [click](https://evil.example)</code></p>\n');
  });

  const hostileBatch = fc.record({
    id: hostileText, endpoint: hostileText, completion_window: hostileText, input_file_id: hostileText, status: hostileText,
    output_file_id: hostileText, error_file_id: hostileText,
    metadata: fc.dictionary(hostileText, hostileText, { maxKeys: 3 }),
  }).map((f) => ({ ...f, object: 'batch', created_at: 1_700_000_000, in_progress_at: 1_700_000_100, expires_at: 1_700_086_400,
    request_counts: { completed: 1, failed: 1, total: 3 } }));
  /** Tags our own tooltip Markdown makes (bold id, paragraphs, the endpoint, the metadata rule, the problem list, the JSON fence; a line break where a value ends in two spaces): none is a link or an image. */
  const OURS = new Set(['p', 'strong', 'code', 'hr', 'ul', 'li', 'pre', 'br']);

  it('a row tooltip over hostile batch fields holds no link, image or tag we did not make', () => {
    fc.assert(fc.property(hostileBatch, (raw) => {
      const html = md.render(rowTooltipMarkdown(parseBatch(raw), 1_700_000_500, 'en-US', 'UTC', 'soon [x](https://evil.example)', { retriedAs: ['<a href="x">r</a>'], reruns: ['[y](https://evil.example)'] }));
      const foreign = tagsOf(html).filter((t) => !OURS.has(t));
      assert.deepEqual(foreign, [], html);
      assert.ok(tagsOf(html).filter((t) => t === 'strong').length <= 2, `no bold but the id: ${html}`);
    }), { numRuns: 500 });
  });

  it('an unreadable row\'s tooltip over hostile fields holds no link, image or tag we did not make', () => {
    fc.assert(fc.property(hostileBatch, (raw) => {
      const page = parseBatchPage({ object: 'list', data: [{ ...raw, created_at: 'yesterday', metadata: { [raw.id]: 7 } }], has_more: false });
      const entry = entriesOf(page)[0];
      assert.ok(entry && isUnreadable(entry));
      const html = md.render(unreadableTooltipMarkdown(entry));
      assert.deepEqual(tagsOf(html).filter((t) => !OURS.has(t)), [], html);
      assert.equal(tagsOf(html).filter((t) => t === 'pre').length, 2, `one JSON block: ${html}`);
    }), { numRuns: 500 });
  });
});
