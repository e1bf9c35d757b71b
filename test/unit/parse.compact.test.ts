/**
 * A readable batch is a view of its page's columns and rebuilds its raw JSON when the object was sent with
 * exactly the documented fields in order (it holds the object itself otherwise): each field must still
 * be exactly the documented value, and the raw JSON exactly the object sent, for a page entry and for a
 * single batch.
 */
import assert from 'node:assert/strict';
import { Batch, parseBatch, parseBatchPage } from '../../src/api';

const sent = {
  id: 'batch_full', object: 'batch', endpoint: '/v1/chat/completions', input_file_id: 'file_in', completion_window: '24h',
  status: 'completed', output_file_id: 'file_out', error_file_id: 'file_err',
  created_at: 1_000, in_progress_at: 1_001, expires_at: 1_002, finalizing_at: 1_003, completed_at: 1_004,
  failed_at: 1_005, cancelling_at: 1_006, cancelled_at: 1_007,
  request_counts: { completed: 7, failed: 2, total: 9 }, metadata: { description: '客服质检', n: '1' },
};

/** Every typed field, read one by one (own properties or not). */
function typed(b: Batch): Record<string, unknown> {
  return {
    id: b.id, object: b.object, endpoint: b.endpoint, inputFileId: b.inputFileId, completionWindow: b.completionWindow,
    status: b.status, outputFileId: b.outputFileId, errorFileId: b.errorFileId, createdAt: b.createdAt, inProgressAt: b.inProgressAt,
    expiresAt: b.expiresAt, finalizingAt: b.finalizingAt, completedAt: b.completedAt, failedAt: b.failedAt,
    cancellingAt: b.cancellingAt, cancelledAt: b.cancelledAt, requestCounts: b.requestCounts, metadata: b.metadata,
  };
}

const expected = {
  id: 'batch_full', object: 'batch', endpoint: '/v1/chat/completions', inputFileId: 'file_in', completionWindow: '24h',
  status: { known: true, value: 'completed' }, outputFileId: 'file_out', errorFileId: 'file_err',
  createdAt: 1_000, inProgressAt: 1_001, expiresAt: 1_002, finalizingAt: 1_003, completedAt: 1_004,
  failedAt: 1_005, cancellingAt: 1_006, cancelledAt: 1_007,
  requestCounts: { completed: 7, failed: 2, total: 9 }, metadata: { description: '客服质检', n: '1' },
};

describe('a readable batch reads every field as sent and shows the object as received', () => {
  it('every typed field of a list entry is the value sent under its documented name', () => {
    const [b] = parseBatchPage({ object: 'list', data: [JSON.parse(JSON.stringify(sent)) as unknown], has_more: false }).batches;
    assert.ok(b);
    assert.deepEqual(typed(b), expected);
    assert.equal(JSON.stringify(b.raw), JSON.stringify(sent), 'the raw JSON is the object as sent');
  });

  it('every typed field of a single batch too; missing nullable fields read as null', () => {
    const rest: Record<string, unknown> = JSON.parse(JSON.stringify(sent)) as Record<string, unknown>;
    for (const k of ['output_file_id', 'error_file_id', 'in_progress_at', 'metadata']) { delete rest[k]; }
    const b = parseBatch(rest);
    assert.deepEqual(typed(b), { ...expected, outputFileId: null, errorFileId: null, inProgressAt: null, metadata: null });
  });

  // Each text below is one batch as a server might send it; the raw JSON view must show exactly it.
  const sentTexts: Record<string, string> = {
    'the documented fields in order': '{"id":"b1","object":"batch","endpoint":"/v1/chat/completions","input_file_id":"f","completion_window":"24h","status":"completed","output_file_id":"o","error_file_id":null,"created_at":5,"in_progress_at":6,"expires_at":7,"finalizing_at":8,"completed_at":9,"failed_at":null,"cancelling_at":null,"cancelled_at":null,"request_counts":{"completed":1,"failed":0,"total":1},"metadata":{"k":"v"}}',
    'another order': '{"object":"batch","id":"b2","endpoint":"/v1/chat/completions","input_file_id":"f","completion_window":"24h","status":"completed","output_file_id":"o","error_file_id":null,"created_at":5,"in_progress_at":6,"expires_at":7,"finalizing_at":8,"completed_at":9,"failed_at":null,"cancelling_at":null,"cancelled_at":null,"request_counts":{"completed":1,"failed":0,"total":1},"metadata":{"k":"v"}}',
    'a nullable field left out': '{"id":"b3","object":"batch","endpoint":"/v1/chat/completions","input_file_id":"f","completion_window":"24h","status":"in_progress","created_at":5,"in_progress_at":6,"expires_at":7,"finalizing_at":null,"completed_at":null,"failed_at":null,"cancelling_at":null,"cancelled_at":null,"request_counts":{"completed":0,"failed":0,"total":4},"metadata":null}',
    'one more field': '{"id":"b4","object":"batch","endpoint":"/v1/chat/completions","input_file_id":"f","completion_window":"24h","status":"completed","output_file_id":"o","error_file_id":null,"created_at":5,"in_progress_at":6,"expires_at":7,"finalizing_at":8,"completed_at":9,"failed_at":null,"cancelling_at":null,"cancelled_at":null,"request_counts":{"completed":1,"failed":0,"total":1},"metadata":null,"model":"kimi-k2"}',
    'request counts in another order': '{"id":"b5","object":"batch","endpoint":"/v1/chat/completions","input_file_id":"f","completion_window":"24h","status":"completed","output_file_id":"o","error_file_id":null,"created_at":5,"in_progress_at":6,"expires_at":7,"finalizing_at":8,"completed_at":9,"failed_at":null,"cancelling_at":null,"cancelled_at":null,"request_counts":{"total":1,"completed":1,"failed":0},"metadata":null}',
  };

  for (const [shape, text] of Object.entries(sentTexts)) {
    it(`the raw JSON of a batch sent with ${shape} is exactly the text sent (list entry and single batch)`, () => {
      const [b] = parseBatchPage(JSON.parse(`{"object":"list","has_more":false,"data":[${text}]}`) as unknown).batches;
      assert.ok(b);
      assert.equal(JSON.stringify(b.raw), text);
      assert.equal(JSON.stringify(parseBatch(JSON.parse(text) as unknown).raw), text);
    });
  }

  it('request counts read as the documented three, whatever order they were sent in', () => {
    const [b] = parseBatchPage(JSON.parse(`{"object":"list","has_more":false,"data":[${sentTexts['request counts in another order']}]}`) as unknown).batches;
    assert.deepEqual(b?.requestCounts, { completed: 1, failed: 0, total: 1 });
    assert.deepEqual(Object.keys(b?.requestCounts ?? {}), ['completed', 'failed', 'total']);
  });

  it('request counts with extra properties, or metadata with a "__proto__" key, read as exactly the documented values', () => {
    const text = '{"object":"list","has_more":false,"data":[' +
      '{"id":"a","object":"batch","endpoint":"/v1/chat/completions","input_file_id":"f","completion_window":"24h","status":"paused",' +
      '"created_at":5,"request_counts":{"completed":1,"failed":0,"total":2,"cached":9},"metadata":{"__proto__":"x","k":"v"}}]}';
    const [b] = parseBatchPage(JSON.parse(text) as unknown).batches;
    assert.ok(b);
    assert.deepEqual(b.requestCounts, { completed: 1, failed: 0, total: 2 });
    assert.deepEqual(Object.entries(b.metadata ?? {}), [['__proto__', 'x'], ['k', 'v']]);
    assert.deepEqual(b.status, { known: false, value: 'paused' });
  });

  it('a metadata value that is not a string is named: the list entry is a flagged row, the single batch an error', () => {
    const text = '{"id":"m","object":"batch","endpoint":"/v1/chat/completions","input_file_id":"f","completion_window":"24h","status":"completed",' +
      '"created_at":5,"request_counts":{"completed":1,"failed":0,"total":1},"metadata":{"k":"v","n":7}}';
    const page = parseBatchPage(JSON.parse(`{"object":"list","has_more":false,"data":[${text}]}`) as unknown);
    assert.deepEqual(page.batches, []);
    assert.deepEqual(page.entries?.map((e) => ({ id: e.id, problems: 'problems' in e ? e.problems : undefined })),
      [{ id: 'm', problems: ['metadata.n should be a string but is a number'] }]);
    assert.throws(() => parseBatch(JSON.parse(text) as unknown), { message: 'Invalid response from the server: batch.metadata.n should be a string but is a number' });
  });
});

describe('integers and shared fields of the batches of a page', () => {
  const batchText = (id: string, fields: string): string =>
    `{"id":"${id}","object":"batch","endpoint":"/v1/chat/completions","input_file_id":"f","completion_window":"24h","status":"in_progress",${fields},"request_counts":{"completed":1,"failed":0,"total":3}}`;
  const times = (b: Batch): unknown[] => [b.createdAt, b.inProgressAt, b.expiresAt, b.finalizingAt, b.completedAt, b.failedAt, b.cancellingAt, b.cancelledAt];

  it('any integer the schema allows reads back exactly, and null as null, on every batch of the page (before and after a large one)', () => {
    const text = '{"object":"list","has_more":false,"data":['
      + batchText('small', '"created_at":5,"in_progress_at":null,"expires_at":-7,"finalizing_at":2147483647') + ','
      + batchText('large', '"created_at":1099511627776,"in_progress_at":-2147483648,"expires_at":1e21,"finalizing_at":-0,"completed_at":-9007199254740993,"failed_at":null') + ','
      + batchText('after', '"created_at":6,"in_progress_at":null,"expires_at":null,"cancelled_at":-2147483647') + ']}';
    const page = parseBatchPage(JSON.parse(text) as unknown);
    assert.deepEqual(page.batches.map(times), [
      [5, null, -7, 2147483647, null, null, null, null],
      [1099511627776, -2147483648, 1e21, -0, -9007199254740992, null, null, null],
      [6, null, null, null, null, null, null, -2147483647],
    ]);
    assert.ok(Object.is(page.batches[1]?.finalizingAt, -0), 'finalizing_at -0 stays -0');
    assert.deepEqual(page.batches.map((b) => b.requestCounts), [1, 2, 3].map(() => ({ completed: 1, failed: 0, total: 3 })));
  });

  it('a single batch with -0, -2147483648 or 2^40 reads them back (not 0, not null)', () => {
    assert.ok(Object.is(parseBatch(JSON.parse(batchText('zero', '"created_at":1,"failed_at":-0')) as unknown).failedAt, -0));
    const b = parseBatch(JSON.parse(batchText('one', '"created_at":-2147483648,"completed_at":1099511627776')) as unknown);
    assert.deepEqual(times(b), [-2147483648, null, null, null, 1099511627776, null, null, null]);
    const counts = parseBatch(JSON.parse(batchText('two', '"created_at":1').replace('"total":3', '"total":4294967296')) as unknown);
    assert.deepEqual(counts.requestCounts, { completed: 1, failed: 0, total: 4294967296 });
  });

  it('batches of a page keep their own object, endpoint, completion window and status', () => {
    const entry = (id: string, object: string, endpoint: string, window: string, status: string): string =>
      `{"id":"${id}","object":"${object}","endpoint":"${endpoint}","input_file_id":"f","completion_window":"${window}","status":"${status}","created_at":1,"request_counts":{"completed":0,"failed":0,"total":0}}`;
    const data = [
      entry('a', 'batch', '/v1/chat/completions', '24h', 'completed'),
      entry('b', 'batch', '/v1/embeddings', '24h', 'completed'),
      entry('c', 'batch', '/v1/chat/completions', '48h', 'completed'),
      entry('d', 'batch.v2', '/v1/chat/completions', '24h', 'completed'),
      entry('e', 'batch', '/v1/chat/completions', '24h', 'paused'),
      entry('f', 'batch', '/v1/chat/completions', '24h', 'completed'),
    ];
    const page = parseBatchPage(JSON.parse(`{"object":"list","has_more":false,"data":[${data.join(',')}]}`) as unknown);
    assert.deepEqual(page.batches.map((b) => [b.id, b.object, b.endpoint, b.completionWindow, b.status]), [
      ['a', 'batch', '/v1/chat/completions', '24h', { known: true, value: 'completed' }],
      ['b', 'batch', '/v1/embeddings', '24h', { known: true, value: 'completed' }],
      ['c', 'batch', '/v1/chat/completions', '48h', { known: true, value: 'completed' }],
      ['d', 'batch.v2', '/v1/chat/completions', '24h', { known: true, value: 'completed' }],
      ['e', 'batch', '/v1/chat/completions', '24h', { known: false, value: 'paused' }],
      ['f', 'batch', '/v1/chat/completions', '24h', { known: true, value: 'completed' }],
    ]);
  });

  it('batches of the same kind share one record, also past the kinds remembered (200 windows, two batches each)', () => {
    const data = Array.from({ length: 400 }, (_, i) => batchText(`s${i}`, '"created_at":1').replace('"24h"', `"${Math.floor(i / 2)}w"`).replace('"in_progress"', '"paused"'));
    const { batches } = parseBatchPage(JSON.parse(`{"object":"list","has_more":false,"data":[${data.join(',')}]}`) as unknown);
    for (let i = 0; i < 400; i += 2) {
      assert.equal(batches[i]?.status, batches[i + 1]?.status, `the two batches of window ${i / 2}w share their (unknown) status object`);
      assert.notEqual(batches[i]?.status, batches[i + 2]?.status ?? null, 'another window, another record');
      assert.deepEqual(batches[i]?.status, { known: false, value: 'paused' });
    }
  });

  it('more kinds of batch than are remembered (200 windows) still read as sent, before and after', () => {
    const data = Array.from({ length: 200 }, (_, i) => batchText(`k${i}`, '"created_at":1').replace('"24h"', `"${i}h"`));
    const text = `{"object":"list","has_more":false,"data":[${data.join(',')}]}`;
    for (let round = 0; round < 2; round++) {
      const page = parseBatchPage(JSON.parse(text) as unknown);
      assert.deepEqual(page.batches.map((b) => b.completionWindow), Array.from({ length: 200 }, (_, i) => `${i}h`));
    }
  });
});

describe('strings of the batches of a page (kept out of the JS heap, read on demand)', () => {
  /** A documented batch with these strings; null file ids and metadata as given. */
  const withStrings = (id: string, input: string, output: string | null, error: string | null, metadata: Record<string, string> | null): Record<string, unknown> => ({
    id, object: 'batch', endpoint: '/v1/chat/completions', input_file_id: input, completion_window: '24h', status: 'completed',
    output_file_id: output, error_file_id: error, created_at: 1, in_progress_at: null, expires_at: null, finalizing_at: null,
    completed_at: null, failed_at: null, cancelling_at: null, cancelled_at: null,
    request_counts: { completed: 0, failed: 0, total: 0 }, metadata,
  });
  const long = 'x'.repeat(5_000) + '客';

  it('ids, file ids and metadata read back exactly: ASCII rows before and after wide characters, lone surrogates, empty, long, null', () => {
    const sentBatches = [
      withStrings('batch_a', 'file_a', 'file_ao', null, { k: 'v' }),
      withStrings('batch_客服', 'file_\ud800', null, 'file_\udfff_err', JSON.parse('{"__proto__":"own","":"","é":"ü\\u0000"}') as Record<string, string>),
      withStrings('', '', '', '', {}),
      withStrings('batch_b', long, 'file_\u00ff', null, null),
      withStrings('batch_😀', 'file_c', null, null, { long }),
    ];
    // Through JSON text, as a server sends it: "__proto__" is an own key there.
    const page = parseBatchPage(JSON.parse(JSON.stringify({ object: 'list', data: sentBatches, has_more: false })) as unknown);
    const read = page.batches.map((b) => [b.id, b.inputFileId, b.outputFileId, b.errorFileId, b.metadata]);
    assert.deepEqual(read, [
      ['batch_a', 'file_a', 'file_ao', null, { k: 'v' }],
      ['batch_客服', 'file_\ud800', null, 'file_\udfff_err', JSON.parse('{"__proto__":"own","":"","é":"ü\\u0000"}') as unknown],
      ['', '', '', '', {}],
      ['batch_b', long, 'file_\u00ff', null, null],
      ['batch_😀', 'file_c', null, null, { long }],
    ]);
    const proto = page.batches[1]?.metadata;
    assert.ok(proto && Object.prototype.hasOwnProperty.call(proto, '__proto__'), '"__proto__" is plain data');
    assert.equal(Object.getPrototypeOf(proto), Object.prototype);
    assert.equal(page.batches[1]?.metadata, proto, 'one metadata object per batch, the same at every read');
    assert.deepEqual(page.batches.map((b) => JSON.stringify(b.raw)), sentBatches.map((b) => JSON.stringify(b)), 'the raw JSON is the object as sent');
  });

  it('a single batch (GET, cancel) reads its strings back too', () => {
    const b = parseBatch(JSON.parse(JSON.stringify(withStrings('batch_\u0100', 'file_in', null, 'file_err', { a: 'b' }))) as unknown);
    assert.deepEqual([b.id, b.inputFileId, b.outputFileId, b.errorFileId, b.metadata], ['batch_\u0100', 'file_in', null, 'file_err', { a: 'b' }]);
  });

  it('each batch of 300 on a page reads its own strings and kind (not a neighbour\'s)', () => {
    const statuses = ['completed', 'failed', 'in_progress'];
    const data = Array.from({ length: 300 }, (_, i) => ({ ...withStrings(`batch_${i}`, `file_in_${i}`, i % 2 === 0 ? `file_out_${i}` : null, null, i % 3 === 0 ? { i: String(i) } : null), status: statuses[i % 3] }));
    const { batches } = parseBatchPage(JSON.parse(JSON.stringify({ object: 'list', data, has_more: false })) as unknown);
    assert.equal(batches.length, 300);
    batches.forEach((b, i) => {
      assert.deepEqual([b.id, b.inputFileId, b.outputFileId, b.metadata, b.status.value],
        [`batch_${i}`, `file_in_${i}`, i % 2 === 0 ? `file_out_${i}` : null, i % 3 === 0 ? { i: String(i) } : null, statuses[i % 3]], `batch ${i}`);
    });
  });
});
