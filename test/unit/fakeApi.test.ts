/** The fake follows the documented API (platform.kimi.ai/docs/api/batch-*, files-*); these tests hold it to that, through our client and raw HTTP. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { KNOWN_BATCH_STATUSES } from '../../src/api';
import { FakeMoonshot } from '../fake-moonshot/server';
import { testClient } from '../support/clientFactory';

async function raw(fake: FakeMoonshot, method: string, p: string, auth: string | null = fake.apiKey): Promise<{ status: number; body: unknown }> {
  const res = await fetch(fake.url + p, { method, headers: auth === null ? {} : { Authorization: `Bearer ${auth}` } });
  return { status: res.status, body: await res.json() };
}

/** Required properties of the seed's OpenAPI schemas (BatchListResponse, BatchObject). */
function seedRequired(): { list: string[]; batch: string[] } {
  const text = fs.readFileSync(path.join(__dirname, '../../../test/fixtures/list-batches.openapi.yaml'), 'utf8');
  const section = (name: string): string[] => {
    const start = text.indexOf(`    ${name}:`);
    const req = text.indexOf('      required:', start);
    const lines = text.slice(req).split('\n').slice(1);
    const out: string[] = [];
    for (const l of lines) { const m = /^ {8}- (\w+)$/.exec(l); if (!m) { break; } out.push(m[1]); }
    return out;
  };
  return { list: section('BatchListResponse'), batch: section('BatchObject') };
}

describe('fake Moonshot API', () => {
  let fake: FakeMoonshot;
  beforeEach(async () => { fake = await FakeMoonshot.start({ data: 'demo' }); });
  afterEach(async () => { await fake.close(); });

  it('serves the list shape of the seed OpenAPI schema', async () => {
    const required = seedRequired();
    assert.deepEqual(required.list, ['object', 'data']);
    assert.ok(required.batch.includes('request_counts'));
    const { status, body } = await raw(fake, 'GET', '/batches?limit=3');
    assert.equal(status, 200);
    const list = body as Record<string, unknown> & { data: Record<string, unknown>[] };
    for (const k of required.list) { assert.ok(k in list, k); }
    assert.equal(list.object, 'list');
    assert.equal(typeof list.has_more, 'boolean');
    assert.equal(list.data.length, 3);
    for (const b of list.data) {
      for (const k of required.batch) { assert.ok(k in b, `batch.${k}`); }
      assert.ok((KNOWN_BATCH_STATUSES as readonly string[]).includes(String(b.status)));
    }
  });

  it('demo data: at least 60 batches over all 8 statuses, newest first, some Chinese metadata', () => {
    const all = fake.state.ordered();
    assert.ok(all.length >= 60);
    assert.deepEqual(new Set(all.map((b) => b.status)), new Set(KNOWN_BATCH_STATUSES));
    for (let i = 1; i < all.length; i++) { assert.ok((all[i - 1]?.created_at ?? 0) >= (all[i]?.created_at ?? 0)); }
    assert.ok(all.some((b) => Object.values(b.metadata ?? {}).some((v) => /[\u4e00-\u9fff]/.test(v))));
    const now = fake.clock.now();
    for (const b of all) {
      for (const t of [b.in_progress_at, b.finalizing_at, b.completed_at, b.failed_at, b.cancelling_at, b.cancelled_at]) {
        if (t !== null) { assert.ok(t >= b.created_at && t <= now, `${b.id} has a timestamp outside created..now`); }
      }
      assert.ok(b.request_counts.completed + b.request_counts.failed <= b.request_counts.total);
    }
  });

  it('output and error files answer exactly the input file\'s custom_ids', async () => {
    const { client } = testClient(fake);
    // The anomaly batch answers one request twice and one that is not in its input, on purpose.
    const b = fake.state.ordered().find((x) => x.status === 'completed' && x.error_file_id && x.output_file_id && x.id !== fake.anomalyBatchId);
    assert.ok(b);
    const input = (await client.getFileContent(b.input_file_id)).trim().split('\n').map((l) => (JSON.parse(l) as { custom_id: string }).custom_id);
    const ids = async (id: string): Promise<string[]> => (await client.getFileContent(id)).trim().split('\n').map((l) => (JSON.parse(l) as { custom_id: string }).custom_id);
    const out = await ids(b.output_file_id ?? '');
    const err = await ids(b.error_file_id ?? '');
    assert.equal(out.length, b.request_counts.completed);
    assert.equal(err.length, b.request_counts.failed);
    assert.deepEqual([...out, ...err].sort(), [...input].sort());
  });

  it('401 with the documented body for a missing or wrong key', async () => {
    const missing = await raw(fake, 'GET', '/batches', null);
    assert.equal(missing.status, 401);
    assert.deepEqual(missing.body, { error: { message: 'Invalid Authentication', type: 'invalid_authentication_error' } });
    const wrong = await raw(fake, 'GET', '/batches', 'sk-nope');
    assert.equal(wrong.status, 401);
    assert.equal((wrong.body as { error: { type: string } }).error.type, 'incorrect_api_key_error');
    assert.deepEqual(fake.requests.map((r) => r.auth), ['missing', 'wrong']);
  });

  it('cancel follows the state rules: running → cancelling → cancelled; finished → 400; unknown → 404', async () => {
    const { client } = testClient(fake);
    const running = fake.state.ordered().find((b) => b.status === 'in_progress');
    assert.ok(running);
    const cancelled = await client.cancelBatch(running.id);
    assert.equal(cancelled.status.value, 'cancelling');
    assert.ok(cancelled.cancellingAt !== null);
    fake.state.step(running.id);
    assert.equal((await client.getBatch(running.id)).status.value, 'cancelled');
    for (const status of ['completed', 'failed', 'expired', 'cancelled']) {
      const b = fake.state.ordered().find((x) => x.status === status);
      assert.ok(b, status);
      await assert.rejects(client.cancelBatch(b.id), (e: Error & { kind?: string; status?: number }) => e.kind === 'badRequest' && e.status === 400 && /cannot be cancelled/.test(e.message));
    }
    await assert.rejects(client.cancelBatch('batch_nope'), { kind: 'notFound' });
  });

  it('simulated progress: validating → in_progress → finalizing → completed, counts rising', async () => {
    const { client } = testClient(fake);
    const b = fake.state.createBatchWithInput(30);
    const seen: string[] = [];
    let last = -1;
    for (let i = 0; i < 10 && !fake.state.isTerminal(b); i++) {
      fake.state.step(b.id);
      const got = await client.getBatch(b.id);
      if (seen[seen.length - 1] !== got.status.value) { seen.push(got.status.value); }
      const done = got.requestCounts.completed + got.requestCounts.failed;
      assert.ok(done >= last);
      last = done;
    }
    assert.deepEqual(seen, ['in_progress', 'finalizing', 'completed']);
    const final = await client.getBatch(b.id);
    assert.equal(final.requestCounts.completed + final.requestCounts.failed, 30);
    assert.ok(final.outputFileId);
  });

  it('a running batch past expires_at becomes expired with the rest in the error file', () => {
    const b = fake.state.createBatchWithInput(20);
    fake.state.step(b.id);
    fake.state.step(b.id, 0.5);
    fake.clock.advance(25 * 3600);
    fake.state.step(b.id);
    assert.equal(b.status, 'expired');
    const errors = fake.state.fileContent(b.error_file_id ?? '')?.toString() ?? '';
    assert.match(errors, /batch_expired/);
  });

  it('upload (multipart, purpose batch) then create a batch; create validates its body', async () => {
    const { client } = testClient(fake);
    const content = Buffer.from('{"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"kimi-k2.6","messages":[]}}\n');
    const file = await client.uploadFile({ filename: 'jobs.jsonl', content });
    assert.equal(file.bytes, content.length);
    assert.equal(file.purpose, 'batch');
    assert.deepEqual(fake.state.fileContent(file.id), content);
    const batch = await client.createBatch({ inputFileId: file.id, endpoint: '/v1/chat/completions', completionWindow: '24h', metadata: { 项目: '测试' } });
    assert.equal(batch.status.value, 'validating');
    assert.equal(batch.expiresAt, batch.createdAt + 86400);
    assert.deepEqual(batch.metadata, { 项目: '测试' });
    const bad = (completionWindow: string, endpoint = '/v1/chat/completions'): Promise<unknown> =>
      client.createBatch({ inputFileId: file.id, endpoint, completionWindow });
    await assert.rejects(bad('6h'), { kind: 'badRequest' });
    await assert.rejects(bad('8d'), { kind: 'badRequest' });
    await assert.rejects(bad('24h', '/v1/embeddings'), { kind: 'badRequest' });
    await assert.rejects(client.uploadFile({ filename: 'empty.jsonl', content: new Uint8Array() }), /File size is zero/);
  });

  it('list: limit default 20, limit 0 is a 400, has_more false on the last page', async () => {
    const first = await raw(fake, 'GET', '/batches');
    assert.equal((first.body as { data: unknown[] }).data.length, 20);
    assert.equal((await raw(fake, 'GET', '/batches?limit=0')).status, 400);
    const last = await raw(fake, 'GET', `/batches?limit=100`);
    assert.equal((last.body as { has_more: boolean }).has_more, false);
  });
});
