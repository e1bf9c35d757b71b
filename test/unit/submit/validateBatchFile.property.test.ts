/**
 * Property tests of the batch-file validator: any generated valid file gives zero diagnostics, in any
 * chunking; corrupting one random line (in one of several ways) flags exactly that line, with the
 * rule that corruption breaks.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { BatchRuleCode } from '../../../src/submit/batchDiagnostic';
import { UNSUPPORTED_BODY_PARAMETERS } from '../../../src/submit/rules';
import { validateBatchFile } from '../../../src/submit/validateBatchFile';
import { chunksOf } from './validateHelpers';

type Json = Record<string, unknown>;
const RESERVED = new Set<string>(['custom_id', 'method', 'url', 'body', 'model', 'messages', '__proto__', ...UNSUPPORTED_BODY_PARAMETERS]);
const extraKey = fc.string({ unit: 'binary', maxLength: 8 }).filter((k) => !RESERVED.has(k));
const extras = fc.dictionary(extraKey, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
const text = fc.string({ unit: 'binary', maxLength: 24 });

/** Object keys in a generated order (key order must not matter). */
function ordered(entries: Array<[string, unknown]>, order: readonly number[]): Json {
  const out: Json = {};
  const keys = order.map((i) => entries[i % entries.length]).concat(entries);
  for (const e of keys) { if (e && !(e[0] in out)) { out[e[0]] = e[1]; } }
  return out;
}

const fileArb = fc.record({
  ids: fc.uniqueArray(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 15 }),
  model: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
  contents: fc.array(fc.array(text, { minLength: 1, maxLength: 3 }), { minLength: 15, maxLength: 15 }),
  topExtras: extras,
  bodyExtras: extras,
  order: fc.array(fc.nat(7), { maxLength: 8 }),
  crlf: fc.boolean(),
  finalBreak: fc.boolean(),
  blankAfter: fc.option(fc.nat(14), { nil: undefined }),
  chunkBytes: fc.integer({ min: 1, max: 300 }),
});
type FileSpec = typeof fileArb extends fc.Arbitrary<infer T> ? T : never;

function requests(f: FileSpec): Json[] {
  return f.ids.map((id, i) => ordered([
    ['custom_id', id], ['method', 'POST'], ['url', '/v1/chat/completions'], ...Object.entries(f.topExtras),
    ['body', ordered([['model', f.model], ['messages', (f.contents[i] ?? ['x']).map((content) => ({ role: 'user', content }))], ...Object.entries(f.bodyExtras)], f.order)],
  ], f.order));
}

/** The file's lines, and the line number of each request (blank lines shift them). */
function render(f: FileSpec, lines: string[]): { text: string; lineOf: number[] } {
  const out: string[] = [];
  const lineOf: number[] = [];
  lines.forEach((l, i) => {
    lineOf.push(out.length);
    out.push(l);
    if (f.blankAfter === i) { out.push(''); }
  });
  const eol = f.crlf ? '\r\n' : '\n';
  return { text: out.join(eol) + (f.finalBreak ? eol : ''), lineOf };
}

async function validate(textToCheck: string, chunkBytes: number): Promise<Awaited<ReturnType<typeof validateBatchFile>>> {
  return validateBatchFile(chunksOf(new TextEncoder().encode(textToCheck), chunkBytes));
}

/**
 * Where JSON.stringify puts `key` of `o` when `o` starts at column `at`: after the serialized keys
 * before it (their object text, whose closing brace is where the comma goes).
 */
function keyRange(o: Json, key: string, at: number): [number, number] {
  const entries = Object.entries(o);
  const k = entries.findIndex(([name]) => name === key);
  assert.ok(k >= 0, `${key} in the corrupted request`);
  const start = at + (k === 0 ? 1 : JSON.stringify(Object.fromEntries(entries.slice(0, k))).length);
  return [start, start + JSON.stringify(key).length];
}

interface Corruption {
  readonly name: string;
  readonly code: BatchRuleCode;
  /** Lines before it the corruption needs (a duplicate needs an earlier id; another model an earlier model). */
  readonly needsEarlier?: boolean;
  /** What the diagnostic's range covers: a top-level key, a key of body, or the whole line. */
  readonly covers: 'whole line' | { readonly top: string } | { readonly body: string | ((pick: number) => string) };
  apply(r: Json, earlier: Json | undefined, pick: number): unknown;
}

const body = (r: Json): Json => r.body as Json;
const without = (o: Json, key: string): Json => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

const CORRUPTIONS: readonly Corruption[] = [
  { name: 'truncated', code: 'invalid-json', covers: 'whole line', apply: (r, _e, pick) => { const s = JSON.stringify(r); return { raw: s.slice(0, 1 + (pick % (s.length - 1))) }; } },
  { name: 'an array', code: 'not-an-object', covers: 'whole line', apply: (r) => [r] },
  { name: 'no custom_id', code: 'custom-id-missing', covers: 'whole line', apply: (r) => without(r, 'custom_id') },
  { name: 'a numeric custom_id', code: 'custom-id-not-string', covers: { top: 'custom_id' }, apply: (r, _e, pick) => ({ ...r, custom_id: pick }) },
  { name: 'an empty custom_id', code: 'custom-id-empty', covers: { top: 'custom_id' }, apply: (r) => ({ ...r, custom_id: '' }) },
  { name: 'an earlier custom_id', code: 'custom-id-duplicate', covers: { top: 'custom_id' }, needsEarlier: true, apply: (r, e) => ({ ...r, custom_id: e?.custom_id }) },
  { name: 'method GET', code: 'method-not-post', covers: { top: 'method' }, apply: (r) => ({ ...r, method: 'GET' }) },
  { name: 'no method', code: 'method-not-post', covers: 'whole line', apply: (r) => without(r, 'method') },
  { name: 'another url', code: 'url-unsupported', covers: { top: 'url' }, apply: (r) => ({ ...r, url: '/v1/embeddings' }) },
  { name: 'no body', code: 'body-missing', covers: 'whole line', apply: (r) => without(r, 'body') },
  { name: 'a string body', code: 'body-not-object', covers: { top: 'body' }, apply: (r) => ({ ...r, body: 'hi' }) },
  { name: 'no model', code: 'model-missing', covers: { top: 'body' }, apply: (r) => ({ ...r, body: without(body(r), 'model') }) },
  { name: 'no messages', code: 'messages-missing', covers: { top: 'body' }, apply: (r) => ({ ...r, body: without(body(r), 'messages') }) },
  { name: 'empty messages', code: 'messages-empty', covers: { body: 'messages' }, apply: (r) => ({ ...r, body: { ...body(r), messages: [] } }) },
  { name: 'another model', code: 'model-mismatch', covers: { body: 'model' }, needsEarlier: true, apply: (r) => ({ ...r, body: { ...body(r), model: `${String(body(r).model)}-other` } }) },
  { name: 'an unsupported parameter', code: 'parameter-unsupported', covers: { body: (pick) => UNSUPPORTED_BODY_PARAMETERS[pick % UNSUPPORTED_BODY_PARAMETERS.length] }, apply: (r, _e, pick) => ({ ...r, body: { ...body(r), [UNSUPPORTED_BODY_PARAMETERS[pick % UNSUPPORTED_BODY_PARAMETERS.length] as string]: 0.5 } }) },
];

describe('validateBatchFile: properties', () => {
  it('any generated valid file (any key order, extra keys, LF or CRLF, blank lines, any chunking) gives zero diagnostics', async () => {
    await fc.assert(fc.asyncProperty(fileArb, async (f) => {
      const { text: t } = render(f, requests(f).map((r) => JSON.stringify(r)));
      const v = await validate(t, f.chunkBytes);
      assert.deepEqual(v.diagnostics, []);
      assert.equal(v.requestCount, f.ids.length);
    }), { numRuns: 300 });
  });

  it('corrupting one random line flags exactly that line, with the rule the corruption breaks', async () => {
    const arb = fc.record({ file: fileArb, which: fc.nat(), corruption: fc.constantFrom(...CORRUPTIONS), pick: fc.nat(1000) })
      .filter(({ file, corruption }) => !corruption.needsEarlier || file.ids.length > 1);
    await fc.assert(fc.asyncProperty(arb, async ({ file, which, corruption, pick }) => {
      const reqs = requests(file);
      const first = corruption.needsEarlier ? 1 : 0;
      const target = first + (which % (reqs.length - first));
      const earlier = reqs[pick % target];
      const lines = reqs.map((r) => JSON.stringify(r));
      const corrupted = corruption.apply(reqs[target], earlier, pick);
      const raw = (corrupted as { raw?: unknown }).raw;
      lines[target] = typeof raw === 'string' ? raw : JSON.stringify(corrupted);
      const { text: t, lineOf } = render(file, lines);
      const v = await validate(t, file.chunkBytes);
      const flagged = v.diagnostics.map((d) => `${d.line}:${d.code}`);
      assert.deepEqual(flagged, [`${lineOf[target]}:${corruption.code}`], `${corruption.name} on request ${target}`);
      // The range: the offending key (found independently of the scanner) or the whole line.
      const d = v.diagnostics[0];
      const badLine = lines[target];
      const c = corruption.covers;
      let expected: [number, number];
      if (c === 'whole line') {
        expected = [0, badLine.length];
      } else if ('top' in c) {
        expected = keyRange(corrupted as Json, c.top, 0);
      } else {
        const bodyObject = (corrupted as Json).body as Json;
        const bodyAt = keyRange(corrupted as Json, 'body', 0)[1] + 1; // after '"body":'
        expected = keyRange(bodyObject, typeof c.body === 'function' ? c.body(pick) : c.body, bodyAt);
      }
      assert.deepEqual([d?.startChar, d?.endChar], expected, `${corruption.name}: ${badLine}`);
    }), { numRuns: 600 });
  });
});
