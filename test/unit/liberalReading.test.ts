/**
 * One test per liberal-reading rule of the list reader and of what renders its results: values the
 * schema allows are shown, broken batches never hide their neighbours, and nothing renders NaN.
 */
import assert from 'node:assert/strict';
import { Batch, BatchPage, UnreadableBatch, entriesOf, isUnreadable, nextStep, parseBatch, parseBatchPage, parseFileObject } from '../../src/api';
import { rowDescription, rowTooltipMarkdown, unreadableDescription, unreadableTooltipMarkdown } from '../../src/model/batchDescription';
import { detailsModel, unreadableModel } from '../../src/model/batchDetails';
import { progressOf } from '../../src/model/batchFacts';
import { BatchPager } from '../../src/model/batchPager';
import { absoluteTime, duration, percent, relativeTime } from '../../src/model/formatting';
import { PageProblemLog } from '../../src/model/pageProblems';

const NOW = 1_795_000_000;

function raw(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id, object: 'batch', endpoint: '/v1/chat/completions', input_file_id: `file_${id}`, completion_window: '24h',
    status: 'in_progress', created_at: 1_790_000_000, request_counts: { completed: 1, failed: 0, total: 2 }, ...extra,
  };
}
const list = (data: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({ object: 'list', data, has_more: false, ...extra });
const only = (page: BatchPage): Batch => {
  const [b] = page.batches;
  assert.ok(b, 'one readable batch');
  return b;
};
const unreadable = (page: BatchPage, i = 0): UnreadableBatch => {
  const e = entriesOf(page)[i];
  assert.ok(e && isUnreadable(e), `entry ${i} is flagged`);
  return e;
};
const NOT_RENDERED = /NaN|undefined|Invalid Date/;

describe('liberal reading: values the schema allows', () => {
  it('any string in `object` reads the page and returns one warning to log', () => {
    const page = parseBatchPage({ object: 'page', data: [raw('a')] });
    assert.equal(page.batches.length, 1);
    assert.deepEqual(page.warnings, ['body.object is "page", not "list"; the page is read anyway']);
    assert.deepEqual(parseBatchPage(list([raw('a')])).warnings, [], '"list" needs no warning');
  });

  it('the same warning is logged once over many loads', () => {
    const lines: string[] = [];
    const log = new PageProblemLog((l) => lines.push(l));
    for (let i = 0; i < 5; i++) { log.report(parseBatchPage({ object: 'page', data: [] })); }
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /object is "page"/);
  });

  it('negative, zero and huge counts are read as sent; the bar and percentages clamp', () => {
    const b = only(parseBatchPage(list([raw('a', { request_counts: { completed: -5, failed: 1e20, total: 10 } })])));
    assert.deepEqual(b.requestCounts, { completed: -5, failed: 1e20, total: 10 });
    const p = progressOf(b);
    assert.equal(p.completedShare, 0);
    assert.equal(p.failedShare, 1);
    assert.equal(p.remaining, 0);
    const m = detailsModel(b, NOW, 'en-US', 'UTC');
    assert.equal(m.progress.completedWidth, 0);
    assert.equal(m.progress.failedWidth, 100);
    assert.equal(m.progress.completedPct, '0%');
    assert.equal(m.progress.failedPct, '100%');
    const zero = only(parseBatchPage(list([raw('z', { request_counts: { completed: 0, failed: 0, total: 0 } })])));
    assert.deepEqual([detailsModel(zero, NOW).progress.completedWidth, detailsModel(zero, NOW).progress.remainingPct], [0, '0%']);
  });

  it('the bar never exceeds its width when completed + failed exceed total', () => {
    const b = only(parseBatchPage(list([raw('a', { request_counts: { completed: 8, failed: 8, total: 10 } })])));
    const m = detailsModel(b, NOW);
    assert.equal(m.progress.completedWidth, 80);
    assert.equal(Math.round(m.progress.failedWidth * 1e9) / 1e9, 20);
  });

  it('an impossible timestamp is read and shown as its raw number, never "Invalid Date"', () => {
    const b = only(parseBatchPage(list([raw('a', { created_at: 1e20, expires_at: -1e18, completed_at: -1 })])));
    assert.equal(b.createdAt, 1e20);
    assert.equal(absoluteTime(1e20, 'en-US', 'UTC'), '100000000000000000000');
    assert.equal(relativeTime(1e20, NOW, 'en-US'), '100000000000000000000');
    assert.match(absoluteTime(-1, 'en-US', 'UTC'), /1969/, 'a negative time a Date can hold is a date');
    const m = detailsModel(b, NOW, 'en-US', 'UTC');
    assert.deepEqual(m.timeline.map((t) => t.absolute), ['-1000000000000000000', 'Dec 31, 1969, 11:59:59 PM UTC', '100000000000000000000']);
    for (const text of [rowDescription(b, NOW, 'en-US'), rowTooltipMarkdown(b, NOW, 'en-US', 'UTC'), JSON.stringify(m)]) {
      assert.doesNotMatch(text, NOT_RENDERED, text);
    }
  });

  it('durations of infinite or negative length never show NaN', () => {
    assert.equal(duration(Number.POSITIVE_INFINITY), 'forever');
    assert.equal(duration(Number.NaN), '0 s');
    assert.equal(duration(-50), '0 s');
    assert.equal(percent(Number.NaN), '0%');
    assert.equal(percent(-3), '0%');
    assert.equal(percent(7), '100%');
  });

  it('extra properties anywhere are kept in the raw JSON and change nothing', () => {
    const page = parseBatchPage({ ...list([raw('a', { surprise: { deep: [1] }, request_counts: { completed: 1, failed: 0, total: 2, cached: 9 } })]), next: 'x', total: 3 });
    const b = only(page);
    assert.deepEqual(b.requestCounts, { completed: 1, failed: 0, total: 2 });
    assert.deepEqual(b.raw.surprise, { deep: [1] });
  });

  it('missing optional fields read as null', () => {
    const b = only(parseBatchPage(list([raw('a')])));
    assert.deepEqual([b.outputFileId, b.errorFileId, b.inProgressAt, b.expiresAt, b.metadata], [null, null, null, null, null]);
  });

  it('null where the schema says nullable reads as null', () => {
    const b = only(parseBatchPage(list([raw('a', { output_file_id: null, completed_at: null, metadata: null })])));
    assert.deepEqual([b.outputFileId, b.completedAt, b.metadata], [null, null, null]);
  });

  it('an unknown status is a readable batch with the status as sent', () => {
    const b = only(parseBatchPage(list([raw('a', { status: 'paused' })])));
    assert.deepEqual(b.status, { known: false, value: 'paused' });
    assert.match(rowDescription(b, NOW, 'en-US'), /^paused · /);
  });

  it('a file object with a negative size is read (the schema says integer)', () => {
    assert.equal(parseFileObject({ id: 'f', bytes: -1, created_at: 1, filename: 'a', purpose: 'batch' }).bytes, -1);
  });
});

describe('liberal reading: batches that break the schema', () => {
  it('a batch with a missing required field becomes a flagged row between readable neighbours', () => {
    const broken = raw('b');
    delete broken.created_at;
    const page = parseBatchPage(list([raw('a'), broken, raw('c')]));
    assert.deepEqual(entriesOf(page).map((e) => e.id), ['a', 'b', 'c']);
    assert.deepEqual(page.batches.map((b) => b.id), ['a', 'c']);
    assert.deepEqual(unreadable(page, 1).problems, ['created_at should be an integer but is missing']);
  });

  it('every wrong field is named, including nested ones and null where the schema does not allow it', () => {
    const page = parseBatchPage(list([raw('b', { endpoint: null, status: 3, request_counts: { completed: '1', failed: 0, total: 1.5 }, metadata: { k: 1 } })]));
    assert.deepEqual(unreadable(page).problems, [
      'endpoint should be a string but is null',
      'status should be a string but is a number',
      'request_counts.completed should be an integer but is a string',
      'request_counts.total should be an integer but is a non-integer number (1.5)',
      'metadata.k should be a string but is a number',
    ]);
  });

  it('the flagged row says which field is wrong and keeps the raw JSON (row, tooltip, panel)', () => {
    const e = unreadable(parseBatchPage(list([raw('b', { created_at: 'yesterday' })])));
    assert.equal(unreadableDescription(e), 'could not be read · created_at should be an integer but is a string');
    const tooltip = unreadableTooltipMarkdown(e);
    assert.match(tooltip, /created\\_at should be an integer but is a string/);
    assert.ok(tooltip.includes('"created_at": "yesterday"'));
    const m = unreadableModel(e);
    assert.deepEqual(m.problems, ['created_at should be an integer but is a string']);
    assert.equal(m.rawJson, JSON.stringify(e.raw, null, 2));
  });

  it('backticks in the raw JSON cannot close the tooltip\'s code fence', () => {
    const tooltip = unreadableTooltipMarkdown(unreadable(parseBatchPage(list([raw('b', { endpoint: 7, note: '````' })]))));
    assert.ok(tooltip.includes('\n`````json\n'), tooltip);
  });

  it('an entry without a string id is counted and explained, not shown', () => {
    const page = parseBatchPage(list([raw('a'), { ...raw('x'), id: 42 }, 'junk', null, raw('c')]));
    assert.deepEqual(entriesOf(page).map((e) => e.id), ['a', 'c']);
    assert.deepEqual(page.skipped, [
      'body.data[1].id should be a string but is a number',
      'body.data[2] should be an object but is a string',
      'body.data[3] should be an object but is null',
    ]);
    const lines: string[] = [];
    new PageProblemLog((l) => lines.push(l)).report(page);
    assert.equal(lines.length, 3);
  });

  it('an empty-string id is a row of its own (the schema allows any string)', () => {
    assert.deepEqual(entriesOf(parseBatchPage(list([raw('')]))).map((e) => e.id), ['']);
  });

  it('a single batch (GET, cancel) that breaks the schema is still a typed error naming the field', () => {
    assert.throws(() => parseBatch(raw('b', { created_at: 'x' })), /Invalid response from the server: batch\.created_at should be an integer but is a string/);
  });

  it('only a body that is not an object, or data that is not an array, fails the page', () => {
    assert.throws(() => parseBatchPage([]), /body should be an object but is an array/);
    assert.throws(() => parseBatchPage({ object: 'list' }), /body\.data should be an array but is missing/);
    const odd = parseBatchPage({ data: [raw('a')], has_more: 'yes' });
    assert.equal(odd.batches.length, 1);
    assert.equal(odd.hasMore, false);
    assert.deepEqual(odd.warnings, ['body.object should be a string but is missing; the page is read anyway', 'body.has_more should be a boolean but is a string; read as false']);
  });
});

describe('liberal reading: paging', () => {
  it('continues after the last id in data even when that batch is broken', () => {
    const page = parseBatchPage(list([raw('a'), raw('b', { created_at: null })], { has_more: true }));
    assert.deepEqual(nextStep(page, undefined, new Set()), { kind: 'next', after: 'b' });
  });

  it('skips a last entry without an id when choosing the cursor', () => {
    const page = parseBatchPage(list([raw('a'), { object: 'batch' }], { has_more: true }));
    assert.deepEqual(nextStep(page, undefined, new Set()), { kind: 'next', after: 'a' });
  });

  it('stops with the empty-page notice when no entry has an id', () => {
    const page = parseBatchPage(list([{ id: null }], { has_more: true }));
    assert.deepEqual(nextStep(page, undefined, new Set()), { kind: 'done', reason: 'emptyPage' });
  });

  it('the pager shows flagged rows in place, keeps readable ones for polling, and a good answer replaces a flagged row', async () => {
    const pages = [
      parseBatchPage(list([raw('a'), raw('b', { status: null }), 7], { has_more: true })),
      parseBatchPage(list([raw('c'), { id: false }])),
    ];
    const afters: (string | undefined)[] = [];
    const pager = new BatchPager(({ after }) => { afters.push(after); return Promise.resolve(pages[after === undefined ? 0 : 1]); }, 3);
    await pager.loadFirst();
    await pager.loadMore();
    assert.deepEqual(afters, [undefined, 'b']);
    assert.deepEqual(pager.entries.map((e) => e.id), ['a', 'b', 'c']);
    assert.deepEqual(pager.batches.map((e) => e.id), ['a', 'c']);
    assert.equal(pager.get('b'), undefined);
    assert.ok(pager.entry('b') && isUnreadable(pager.entry('b') as UnreadableBatch));
    assert.equal(pager.skipped.length, 2);
    assert.equal(pager.pagesWithSkippedEntries, 2);
    assert.equal(pager.upsert(parseBatch(raw('b')), pager.beginRead()), true);
    assert.deepEqual(pager.batches.map((e) => e.id), ['a', 'b', 'c']);
    await pager.refresh();
    assert.equal(pager.skipped.length, 1, 'a refresh counts page 1 again, not on top');
  });
});
