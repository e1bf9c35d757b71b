/**
 * A completed invoice-extraction batch whose answers are JSON (plain or in a ```json fence), some of
 * which break the sample schema `INVOICE_SCHEMA` (the demo workspace gets it as invoice.schema.json),
 * some not JSON at all, and some requests failed. `SchemaTruth` says which is which, with the first
 * schema error of each invalid answer written out (path and Ajv's message), for Check Answers Against
 * a Schema… and Retry Invalid Answers.
 */
import type { BatchJson, FakeState } from './state';

/** The sample schema: draft 2020-12, what an invoice extraction prompt asks the model for. */
export const INVOICE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Invoice',
  type: 'object',
  required: ['vendor', 'total', 'currency', 'items'],
  properties: {
    vendor: { type: 'string', minLength: 1 },
    total: { type: 'number', minimum: 0 },
    currency: { enum: ['EUR', 'USD', 'CNY'] },
    items: {
      type: 'array',
      items: { type: 'object', required: ['name', 'qty'], properties: { name: { type: 'string' }, qty: { type: 'integer', minimum: 1 } } },
    },
  },
} as const;

/** The file name the sample schema has in the demo workspace. */
export const INVOICE_SCHEMA_FILE = 'invoice.schema.json';

export interface SchemaTruth {
  readonly batch: BatchJson;
  /** custom_ids whose answer the schema accepts. */
  readonly valid: readonly string[];
  /** custom_id → the first schema error, "path: message" ("(root)" for the whole value). */
  readonly invalid: ReadonlyMap<string, string>;
  /** custom_ids whose answer is not JSON. */
  readonly notJson: readonly string[];
  /** custom_ids that failed (in the error file). */
  readonly failed: readonly string[];
}

const good = (i: number): Record<string, unknown> => ({
  vendor: `Müller GmbH ${i}`, total: 100 + i + 0.5, currency: 'EUR', items: [{ name: 'Paper A4', qty: 2 + (i % 3) }, { name: '订书机', qty: 1 }],
});

/** What each request's answer is, by its position (i from 1): the mix of the demo. */
function answerOf(i: number): { kind: 'valid' | 'notJson' | 'failed' } | { kind: 'invalid'; value: Record<string, unknown>; first: string } {
  switch (i % 8) {
    case 3: return { kind: 'invalid', value: { ...good(i), total: `${100 + i}.50` }, first: '/total: must be number' };
    case 4: { const rest = good(i); delete rest.vendor; return { kind: 'invalid', value: rest, first: "(root): must have required property 'vendor'" }; }
    case 5: return { kind: 'notJson' };
    case 6: return i % 16 === 6
      ? { kind: 'invalid', value: { ...good(i), items: [{ name: 'Toner', qty: 1.5 }] }, first: '/items/0/qty: must be integer' }
      : { kind: 'invalid', value: { ...good(i), currency: 'GBP' }, first: '/currency: must be equal to one of the allowed values' };
    case 7: return { kind: 'failed' };
    default: return { kind: 'valid' };
  }
}

/**
 * Adds the batch (`batch_invoices`, newest of the account) with `requests` requests; answers come in
 * reverse input order. Of every 8 requests: 3 valid (one of them fenced), 3 invalid, 1 not JSON, 1 failed.
 */
export function addSchemaBatch(state: FakeState, requests = 40): SchemaTruth {
  const now = state.now();
  const id = (i: number): string => `invoice-${String(i).padStart(3, '0')}`;
  const input: string[] = [];
  const output: string[] = [];
  const errors: string[] = [];
  const valid: string[] = [];
  const invalid = new Map<string, string>();
  const notJson: string[] = [];
  const failed: string[] = [];
  for (let i = 1; i <= requests; i++) {
    input.push(JSON.stringify({
      custom_id: id(i), method: 'POST', url: '/v1/chat/completions',
      body: { model: 'kimi-k2.6', messages: [{ role: 'system', content: 'Extract the invoice as JSON: vendor, total, currency, items[{name, qty}].' }, { role: 'user', content: `Invoice ${i}: Müller GmbH, 2 × Paper A4, 1 × 订书机, total ${100 + i}.50 EUR` }] },
    }));
  }
  for (let i = requests; i >= 1; i--) {
    const a = answerOf(i);
    if (a.kind === 'failed') {
      failed.push(id(i));
      errors.push(JSON.stringify({ id: `req-${i}`, custom_id: id(i), response: { status_code: 400, request_id: `req-${i}`, body: { error: { message: 'Invalid request: the content is too long', type: 'invalid_request_error' } } }, error: null }));
      continue;
    }
    let content: string;
    if (a.kind === 'invalid') {
      invalid.set(id(i), a.first);
      content = JSON.stringify(a.value);
    } else if (a.kind === 'valid') {
      valid.push(id(i));
      content = i % 8 === 1 ? `\`\`\`json\n${JSON.stringify(good(i), null, 2)}\n\`\`\`` : JSON.stringify(good(i));
    } else {
      notJson.push(id(i));
      content = `I could not find an invoice in document ${i}.`;
    }
    output.push(JSON.stringify({ id: `req-${i}`, custom_id: id(i), response: { status_code: 200, request_id: `req-${i}`, body: { id: `chatcmpl-${i}`, object: 'chat.completion', created: now, model: 'kimi-k2.6', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 60, completion_tokens: 40, total_tokens: 100 } } }, error: null }));
  }
  const file = (name: string, lines: string[]): string => state.addFile(name, 'batch', Buffer.from(`${lines.join('\n')}\n`), now).id;
  const batch: BatchJson = {
    id: 'batch_invoices', object: 'batch', endpoint: '/v1/chat/completions',
    input_file_id: file('invoices.jsonl', input), completion_window: '24h', status: 'completed',
    output_file_id: file('invoices-output.jsonl', output), error_file_id: file('invoices-error.jsonl', errors),
    created_at: now, in_progress_at: now, expires_at: now + 86400, finalizing_at: now, completed_at: now,
    failed_at: null, cancelling_at: null, cancelled_at: null,
    request_counts: { completed: requests - failed.length, failed: failed.length, total: requests },
    metadata: { description: 'Invoice extraction (JSON answers)' },
  };
  state.batches.set(batch.id, batch);
  // Input order, as a person reads the table.
  const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return { batch, valid: valid.sort(byId), invalid, notJson: notJson.sort(byId), failed: failed.sort(byId) };
}
