/**
 * Property tests of the response parser: over generated valid responses and many mutations of them,
 * it never throws anything but a typed 'invalidResponse' error, a valid body round-trips, and a
 * mutated batch never hides the others. (parse.schema.test.ts generates from the seed's schema.)
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { KNOWN_BATCH_STATUSES, MoonshotApiError, entriesOf, isUnreadable, parseBatch, parseBatchPage, parseJsonText } from '../../src/api';

const nullableInt = fc.option(fc.integer({ min: 0, max: 2_000_000_000 }), { nil: null });
const batchArb = fc.record({
  id: fc.string({ minLength: 1, maxLength: 30 }),
  object: fc.constant('batch'),
  endpoint: fc.constant('/v1/chat/completions'),
  input_file_id: fc.string({ maxLength: 24 }),
  completion_window: fc.constantFrom('12h', '24h', '3d', '7d'),
  status: fc.oneof(fc.constantFrom(...KNOWN_BATCH_STATUSES), fc.string({ maxLength: 12 })),
  output_file_id: fc.option(fc.string({ maxLength: 24 }), { nil: null }),
  error_file_id: fc.option(fc.string({ maxLength: 24 }), { nil: null }),
  created_at: fc.integer({ min: 0, max: 2_000_000_000 }),
  in_progress_at: nullableInt, expires_at: nullableInt, finalizing_at: nullableInt, completed_at: nullableInt,
  failed_at: nullableInt, cancelling_at: nullableInt, cancelled_at: nullableInt,
  request_counts: fc.record({ completed: fc.nat(), failed: fc.nat(), total: fc.nat() }),
  metadata: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 16 }), { maxKeys: 4 }), { nil: null }),
});
const pageArb = fc.record({
  object: fc.constant('list'),
  data: fc.array(batchArb, { maxLength: 4 }),
  has_more: fc.option(fc.boolean(), { nil: undefined }),
});

type Mutation = (v: unknown, path: readonly (string | number)[], replacement: unknown) => unknown;

/** Replaces the value at `path` (or deletes it when replacement is the DELETE marker). */
const DELETE = Symbol('delete');
const setAt: Mutation = (v, path, replacement) => {
  if (path.length === 0) { return replacement === DELETE ? undefined : replacement; }
  if (typeof v !== 'object' || v === null) { return v; }
  const copy = (Array.isArray(v) ? [...(v as unknown[])] : { ...v }) as Record<string | number, unknown>;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (rest.length === 0 && replacement === DELETE) { delete copy[head]; } else { copy[head] = setAt(copy[head], rest, replacement); }
  return copy;
};

function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (typeof v === 'object' && v !== null) {
    for (const [k, child] of Object.entries(v)) { out.push(...paths(child, [...prefix, Array.isArray(v) ? Number(k) : k])); }
  }
  return out;
}

const junk = fc.oneof(fc.constant(DELETE), fc.constant(null), fc.string(), fc.integer(), fc.double(), fc.boolean(),
  fc.constant([]), fc.constant({}), fc.constant(-1), fc.constant(1.5), fc.constant(Number.MAX_SAFE_INTEGER + 2));

function expectTypedOutcome(body: unknown): 'ok' | 'invalid' {
  try {
    const page = parseBatchPage(body);
    // Whatever else was mutated, every entry with a string id is still a row, in order.
    const data = (body as { data: unknown[] }).data;
    const ids = data.filter((d) => typeof d === 'object' && d !== null && !Array.isArray(d) && typeof (d as { id?: unknown }).id === 'string')
      .map((d) => (d as { id: string }).id);
    assert.deepEqual(entriesOf(page).map((e) => e.id), ids);
    return 'ok';
  } catch (e) {
    assert.ok(e instanceof MoonshotApiError, `untyped throw: ${String(e)}`);
    assert.equal(e.kind, 'invalidResponse');
    assert.match(e.message, /^Invalid response from the server: /);
    return 'invalid';
  }
}

describe('response parser (property tests)', () => {
  let cases = 0;
  after(() => { console.log(`      property cases run: ${cases}`); });

  it('parses every valid generated page and keeps every field (3,000 cases)', () => {
    fc.assert(fc.property(pageArb, (page) => {
      cases++;
      const parsed = parseBatchPage(JSON.parse(JSON.stringify(page)));
      assert.equal(parsed.batches.length, page.data.length);
      assert.equal(parsed.hasMore, page.has_more === true);
      page.data.forEach((b, i) => {
        const p = parsed.batches[i];
        assert.ok(p);
        assert.equal(p.id, b.id);
        assert.equal(p.status.value, b.status);
        assert.equal(p.status.known, (KNOWN_BATCH_STATUSES as readonly string[]).includes(b.status));
        assert.deepEqual(p.requestCounts, { ...b.request_counts });
        assert.equal(p.completedAt, b.completed_at);
      });
    }), { numRuns: 3_000, seed: 42 });
  });

  it('a mutated page is read with every string-id entry as a row, or (body or data broken) a typed invalidResponse (6,000 cases)', () => {
    let invalid = 0;
    let flagged = 0;
    fc.assert(fc.property(pageArb.filter((p) => p.data.length > 0), fc.nat(), junk, (page, pick, replacement) => {
      cases++;
      const all = paths(page);
      const path = all[pick % all.length] ?? [];
      const body = setAt(page, path, replacement);
      if (expectTypedOutcome(body) === 'invalid') { invalid++; return; }
      flagged += entriesOf(parseBatchPage(body)).filter(isUnreadable).length;
    }), { numRuns: 6_000, seed: 7 });
    assert.ok(flagged > 1_000, `mutations should often break a batch (${flagged})`);
    assert.ok(invalid < 600, `only a broken body or data fails the page (${invalid})`);
  });

  it('arbitrary JSON values never escape as untyped errors (1,500 cases)', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => { cases++; expectTypedOutcome(value); }), { numRuns: 1_500, seed: 3 });
  });

  it('arbitrary text bodies become JSON or a typed error (1,500 cases)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => {
      cases++;
      try { expectTypedOutcome(parseJsonText(text, 'text/html')); } catch (e) {
        assert.ok(e instanceof MoonshotApiError && e.kind === 'invalidResponse');
      }
    }), { numRuns: 1_500, seed: 5 });
  });

  it('names the wrong field: in a thrown error for a single batch, in the flagged row of a list', () => {
    assert.throws(() => parseBatch({ id: 'b' }), /batch\.object should be a string but is missing/);
    assert.throws(() => parseBatchPage({ object: 'list', data: 'x' }), /body\.data should be an array but is a string/);
    const [row] = entriesOf(parseBatchPage({ object: 'list', data: [{ id: 'b' }] }));
    assert.ok(row && isUnreadable(row));
    assert.equal(row.problems[0], 'object should be a string but is missing');
  });

  it('keeps an unknown status with its raw text', () => {
    const page = parseBatchPage({ object: 'list', data: [{ id: 'b', object: 'batch', endpoint: 'e', input_file_id: 'f', completion_window: '24h', status: 'paused', created_at: 1, request_counts: { completed: 0, failed: 0, total: 0 } }] });
    assert.deepEqual(page.batches[0]?.status, { known: false, value: 'paused' });
    assert.equal(page.hasMore, false, 'a missing has_more reads as false');
  });
});
