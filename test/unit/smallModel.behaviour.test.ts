/** Small model rules as a caller sees them: the empty view, the problem log's memory, answer order, code spans. */
import assert from 'node:assert/strict';
import { MoonshotApiError, parseBatch } from '../../src/api';
import type { Batch, BatchPage } from '../../src/api';
import { FreshnessGuard } from '../../src/model/freshness';
import { codeSpan } from '../../src/model/markdownText';
import { PageProblemLog } from '../../src/model/pageProblems';
import { viewStateOf } from '../../src/model/viewState';

const batch = (status: string): Batch => parseBatch({
  id: 'batch_a', object: 'batch', endpoint: '/v1/chat/completions', input_file_id: 'file_in', completion_window: '24h',
  status, created_at: 1_790_000_000, request_counts: { completed: 0, failed: 0, total: 1 },
});

describe('view state: empty', () => {
  it('only a loaded account with no rows and no error is empty', () => {
    const base = { hasKey: true, loaded: true, rowCount: 0, error: undefined };
    assert.equal(viewStateOf(base), 'empty');
    assert.equal(viewStateOf({ ...base, loaded: false }), 'ready', 'not loaded yet');
    assert.equal(viewStateOf({ ...base, rowCount: 3 }), 'ready', 'rows');
    assert.equal(viewStateOf({ ...base, error: new MoonshotApiError('network', 'offline') }), 'ready', 'an error row');
  });
});

describe('page problem log', () => {
  const page = (warnings: string[], extra: Partial<BatchPage> = {}): BatchPage => ({ batches: [], hasMore: false, warnings, ...extra });

  it('logs warnings, unreadable entries and skipped entries, each once', () => {
    const lines: string[] = [];
    const log = new PageProblemLog((l) => lines.push(l));
    const p = page(['odd object'], {
      entries: [{ id: 'batch_x', problems: ['created_at should be an integer but is a string', 'endpoint should be a string but is a number'], raw: { id: 'batch_x' } }],
      skipped: ['body.data[1] should be an object but is a number'],
    });
    log.report(p);
    log.report(p);
    assert.deepEqual(lines, [
      'List response: odd object',
      'Batch batch_x could not be read: created_at should be an integer but is a string; endpoint should be a string but is a number. Raw: {"id":"batch_x"}',
      'A batch in the list could not be read and is not shown: body.data[1] should be an object but is a number',
    ]);
  });

  it('a clean page without warnings or skipped entries logs nothing', () => {
    const lines: string[] = [];
    new PageProblemLog((l) => lines.push(l)).report({ batches: [], hasMore: false });
    assert.deepEqual(lines, []);
  });

  it('remembers 1000 lines; the 1001st starts its memory afresh', () => {
    const lines: string[] = [];
    const log = new PageProblemLog((l) => lines.push(l));
    log.report(page(Array.from({ length: 1_000 }, (_, i) => `w${i}`)));
    log.report(page(['w0']));
    assert.equal(lines.length, 1_000, 'w0 is still remembered');
    log.report(page(['w1000']));
    log.report(page(['w0']));
    assert.deepEqual(lines.slice(1_000), ['List response: w1000', 'List response: w0']);
  });
});

describe('freshness: life order', () => {
  const taken = (held: string, incoming: string, incomingFirst = false): string => {
    const g = new FreshnessGuard();
    const s1 = g.begin();
    const s2 = g.begin();
    g.take(batch(held), incomingFirst ? s2 : s1);
    return g.take(batch(incoming), incomingFirst ? s1 : s2).status.value;
  };

  it('a newer answer never moves a batch back: validating after in progress, cancelling after completed', () => {
    assert.equal(taken('in_progress', 'validating'), 'in_progress');
    assert.equal(taken('completed', 'cancelling'), 'completed');
  });

  it('an unknown status has no place in the life: a newer one is taken, an older one is not', () => {
    assert.equal(taken('completed', 'paused'), 'paused');
    assert.equal(taken('in_progress', 'paused', true), 'in_progress');
  });

  it('a second answer of the same read is taken', () => {
    const g = new FreshnessGuard();
    const s = g.begin();
    g.take(batch('in_progress'), s);
    assert.equal(g.take(batch('finalizing'), s).status.value, 'finalizing');
    assert.equal(g.take(batch('cancelling'), s).status.value, 'cancelling');
  });
});

describe('code spans', () => {
  it('text is fenced by one backtick more than its longest run, with a space each side', () => {
    assert.equal(codeSpan('abc'), '` abc `');
    assert.equal(codeSpan('a``b'), '``` a``b ```');
  });

  it('empty or blank text is escaped, not fenced', () => {
    assert.equal(codeSpan(''), '');
    assert.equal(codeSpan('   '), '   ');
    assert.equal(codeSpan(' \n '), '   ');
  });
});
