/**
 * A completed batch with many small requests (100,000 by default), for the results table's
 * virtualization: short lines keep its files small (about 14 MB input, 25 MB output) while the row
 * count is large. Every 50th request fails (in the error file); answers come in reverse input order.
 */
import type { BatchJson, FakeState } from './state';

export function addBigBatch(state: FakeState, requests = 100_000): BatchJson {
  const now = state.now();
  const id = (i: number): string => `big-${String(i).padStart(6, '0')}`;
  const input: string[] = [];
  const output: string[] = [];
  const errors: string[] = [];
  for (let i = 1; i <= requests; i++) {
    input.push(JSON.stringify({ custom_id: id(i), method: 'POST', url: '/v1/chat/completions', body: { model: 'kimi-k2.6', messages: [{ role: 'user', content: `Question number ${i}` }] } }));
  }
  for (let i = requests; i >= 1; i--) {
    if (i % 50 === 0) {
      errors.push(JSON.stringify({ id: id(i), custom_id: id(i), response: null, error: { code: 'invalid_request_error', message: `Invalid request ${i}` } }));
    } else {
      output.push(JSON.stringify({ id: id(i), custom_id: id(i), response: { status_code: 200, request_id: '', body: { object: 'chat.completion', model: 'kimi-k2.6', choices: [{ index: 0, message: { role: 'assistant', content: `Answer number ${i}` }, finish_reason: 'stop' }], usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 } } }, error: null }));
    }
  }
  const file = (name: string, lines: string[]): string => state.addFile(name, 'batch', Buffer.from(`${lines.join('\n')}\n`), now).id;
  const batch: BatchJson = {
    id: `batch_big${requests}`, object: 'batch', endpoint: '/v1/chat/completions',
    input_file_id: file('big-input.jsonl', input), completion_window: '24h', status: 'completed',
    output_file_id: file('big-output.jsonl', output), error_file_id: file('big-error.jsonl', errors),
    created_at: now, in_progress_at: now, expires_at: now + 86400, finalizing_at: now, completed_at: now,
    failed_at: null, cancelling_at: null, cancelled_at: null,
    request_counts: { completed: requests - errors.length, failed: errors.length, total: requests },
    metadata: { description: `${requests.toLocaleString('en-US')} small requests` },
  };
  state.batches.set(batch.id, batch);
  return batch;
}
