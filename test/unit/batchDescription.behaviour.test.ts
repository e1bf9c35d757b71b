/** The row tooltip and the unreadable row's texts, line by line as the user reads them. */
import assert from 'node:assert/strict';
import { parseBatch, parseBatchPage, entriesOf, isUnreadable } from '../../src/api';
import type { UnreadableBatch } from '../../src/api';
import { rowTooltipMarkdown, unreadableDescription, unreadableTooltipMarkdown } from '../../src/model/batchDescription';

const NOW = 1_795_000_000;
const base = {
  id: 'batch_a', object: 'batch', endpoint: '/v1/chat/completions', input_file_id: 'file_in', completion_window: '24h',
  created_at: 1_794_996_400,
};

describe('row tooltip behaviour', () => {
  it('a finished batch: links, files, timeline and metadata, blank lines between', () => {
    const done = parseBatch({
      ...base, status: 'completed', output_file_id: 'file_out', error_file_id: 'file_err', completed_at: 1_794_999_400,
      request_counts: { completed: 8, failed: 2, total: 10 }, metadata: { retry_of: 'batch_0', team: 'ops' },
    });
    assert.equal(rowTooltipMarkdown(done, NOW, 'en-US', 'UTC', undefined, { retriedAs: ['batch_b', 'batch_c'], reruns: [] }), [
      '**batch\\_a** — completed',
      '',
      'Retry of batch\\_0',
      '',
      'Retried as batch\\_b\\, batch\\_c',
      '',
      'Requests: 8 completed, 2 failed, 0 remaining of 10',
      '',
      'Endpoint: ` /v1/chat/completions ` · window 24h',
      '',
      'Input file: file\\_in',
      '',
      'Output file: file\\_out',
      '',
      'Error file: file\\_err',
      '',
      'Created: Nov 18\\, 2026\\, 10\\:06\\:40 AM UTC (1 hour ago) · 2026\\-11\\-18 10\\:06\\:40 UTC · Unix 1794996400',
      '',
      'Completed: Nov 18\\, 2026\\, 10\\:56\\:40 AM UTC (10 minutes ago) · 2026\\-11\\-18 10\\:56\\:40 UTC · Unix 1794999400',
      '',
      '---',
      '',
      'retry\\_of: batch\\_0',
      '',
      'team: ops',
      '',
    ].join('\n'));
  });

  it('a running batch: the estimate and the time left in its window; no metadata, no rule', () => {
    const running = parseBatch({ ...base, status: 'in_progress', expires_at: NOW + 7_200, request_counts: { completed: 1, failed: 0, total: 4 } });
    assert.equal(rowTooltipMarkdown(running, NOW, 'en-US', 'UTC', 'in 5 minutes'), [
      '**batch\\_a** — in progress',
      '',
      'Requests: 1 completed, 0 failed, 3 remaining of 4',
      '',
      'Estimated finish: in 5 minutes · 2 h until the window ends',
      '',
      'Endpoint: ` /v1/chat/completions ` · window 24h',
      '',
      'Input file: file\\_in',
      '',
      'Created: Nov 18\\, 2026\\, 10\\:06\\:40 AM UTC (1 hour ago) · 2026\\-11\\-18 10\\:06\\:40 UTC · Unix 1794996400',
      '',
      'Expires: Nov 18\\, 2026\\, 1\\:06\\:40 PM UTC (in 2 hours) · 2026\\-11\\-18 13\\:06\\:40 UTC · Unix 1795007200',
    ].join('\n'));
  });

  it('a blank or whitespace retry_of is no link', () => {
    for (const retryOf of ['', '   ']) {
      const b = parseBatch({ ...base, status: 'completed', request_counts: { completed: 1, failed: 0, total: 1 }, metadata: { retry_of: retryOf } });
      assert.doesNotMatch(rowTooltipMarkdown(b, NOW, 'en-US', 'UTC'), /Retry of/, JSON.stringify(retryOf));
    }
  });
});

describe('unreadable row behaviour', () => {
  const page = (extra: Record<string, unknown>): UnreadableBatch => {
    const [e] = entriesOf(parseBatchPage({ object: 'list', has_more: false, data: [{ ...base, status: 'completed', request_counts: { completed: 1, failed: 0, total: 1 }, ...extra }] }));
    assert.ok(e && isUnreadable(e));
    return e;
  };

  it('one problem is named alone; more add a count', () => {
    assert.equal(unreadableDescription(page({ created_at: 'x' })), 'could not be read · created_at should be an integer but is a string');
    assert.match(unreadableDescription(page({ created_at: 'x', endpoint: 7 })), / \(\+1 more\)$/);
  });

  it('the tooltip: heading, problems, then the raw JSON fenced', () => {
    const e = page({ created_at: 'x' });
    assert.equal(unreadableTooltipMarkdown(e), [
      '**batch\\_a** — could not be read',
      '',
      'The server sent this batch in a shape the API schema does not allow:',
      '',
      '- created\\_at should be an integer but is a string',
      '',
      'Raw JSON:',
      '',
      '```json',
      JSON.stringify(e.raw, null, 2),
      '```',
    ].join('\n'));
  });
});
